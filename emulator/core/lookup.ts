// Finds any stored object by its id prefix (used by expand[] and by the control plane).
import type { State } from './state';

export function findById(state: State, id: string): object | null {
  const prefix = id.slice(0, id.indexOf('_') + 1);
  switch (prefix) {
    case 'cus_':
      return state.customers.get(id) ?? (state.deletedCustomers.has(id) ? { id, object: 'customer', deleted: true } : null);
    case 'pm_':
      return state.paymentMethods.get(id) ?? null;
    case 'pi_':
      return state.paymentIntents.get(id) ?? null;
    case 'seti_':
      return state.setupIntents.get(id) ?? null;
    case 'ch_':
      return state.charges.get(id) ?? null;
    case 're_':
      return state.refunds.get(id) ?? null;
    case 'dp_':
      return state.disputes.get(id) ?? null;
    case 'prod_':
      return state.products.get(id) ?? null;
    case 'price_':
      return state.prices.get(id) ?? null;
    case 'sub_':
      return state.subscriptions.get(id) ?? null;
    case 'in_':
      return state.invoices.get(id) ?? null;
    case 'ii_':
      return state.invoiceItems.get(id) ?? null;
    case 'inpay_':
      return state.invoicePayments.get(id) ?? null;
    case 'evt_':
      return state.events.get(id) ?? null;
    case 'we_':
      return state.webhookEndpoints.get(id) ?? null;
    case 'clock_':
      return state.testClocks.get(id) ?? null;
    default:
      // Products may carry caller-chosen ids.
      return state.products.get(id) ?? null;
  }
}
