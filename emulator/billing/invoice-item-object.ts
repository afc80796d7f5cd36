// Invoice items: one-off charges and proration adjustments waiting for (or on) an invoice.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { newId } from '../core/ids';
import { decimal } from '../core/json';

export interface NewInvoiceItem {
  customer: Stripe.Customer;
  amount: number;
  currency: string;
  description: string | null;
  quantity: number;
  unitAmount: number | null;
  price: Stripe.Price | null;
  period: { start: number; end: number };
  date: number;
  proration: boolean;
  subscription: string | null;
  subscriptionItem: string | null;
  invoice: string | null;
  metadata: Record<string, string>;
  discountable?: boolean;
}

/** The object alone, for previews that must not store anything. */
export function buildInvoiceItem(p: NewInvoiceItem): Stripe.InvoiceItem {
  return {
    id: newId('ii', 24),
    object: 'invoiceitem',
    amount: p.amount,
    currency: p.currency,
    customer: p.customer.id,
    customer_account: null,
    date: p.date,
    description: p.description,
    discountable: p.discountable ?? !p.proration,
    discounts: [],
    invoice: p.invoice,
    livemode: false,
    metadata: p.metadata,
    net_amount: p.amount,
    parent: p.subscription
      ? {
          type: 'subscription_details',
          subscription_details: { subscription: p.subscription, ...(p.subscriptionItem ? { subscription_item: p.subscriptionItem } : {}) },
        }
      : null,
    period: p.period,
    pricing: p.price
      ? {
          type: 'price_details',
          price_details: { price: p.price.id, product: typeof p.price.product === 'string' ? p.price.product : p.price.product.id },
          unit_amount_decimal: decimal(p.unitAmount ?? p.price.unit_amount ?? 0),
        }
      : { type: 'price_details', unit_amount_decimal: decimal(p.unitAmount ?? p.amount) },
    proration: p.proration,
    quantity: p.quantity,
    quantity_decimal: decimal(p.quantity),
    tax_rates: [],
    test_clock: p.customer.test_clock ?? null,
  };
}

export function createInvoiceItem(emu: Emulator, p: NewInvoiceItem): Stripe.InvoiceItem {
  const ii = buildInvoiceItem(p);
  emu.state.invoiceItems.set(ii.id, ii);
  emu.events.emit('invoiceitem.created', ii);
  return ii;
}
