// Ending a subscription now: optional proration credit and final invoice, then canceled.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { invalid } from '../wire/errors';
import { idOf } from '../resources/common';
import { collectInvoice, finalizeInvoice, voidInvoice } from './collect';
import { buildInvoice, pullPendingItems } from './invoice-object';
import { periodOf } from './items';
import { createProrations, prorationSpecs } from './proration';
import { subInternal } from './subscription-status';

export interface CancelOptions {
  reason: Stripe.Subscription.CancellationDetails.Reason;
  comment?: string | null;
  feedback?: Stripe.Subscription.CancellationDetails.Feedback | null;
  prorate?: boolean;
  invoiceNow?: boolean;
}

export function cancelSubscriptionNow(emu: Emulator, sub: Stripe.Subscription, at: number, o: CancelOptions): Stripe.Subscription {
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    throw invalid(`This subscription is already ${sub.status === 'canceled' ? 'canceled' : 'expired'}.`, 'subscription');
  }
  const customer = emu.state.customers.get(idOf(sub.customer) ?? '');
  if (customer && o.prorate && (sub.status === 'active' || sub.status === 'past_due')) {
    const changes = sub.items.data.map((i) => ({
      itemId: i.id,
      oldPrice: i.price,
      oldQuantity: i.quantity ?? 1,
      newPrice: null,
      newQuantity: 0,
    }));
    createProrations(emu, prorationSpecs(emu, sub, customer, changes, at, periodOf(sub)));
  }
  if (customer && o.invoiceNow) {
    const invoice = buildInvoice({
      customer,
      subscription: sub,
      billingReason: 'subscription_cycle',
      collectionMethod: sub.collection_method,
      currency: sub.currency,
      created: at,
      periodStart: at,
      periodEnd: at,
      autoAdvance: false,
      daysUntilDue: sub.days_until_due,
      defaultPaymentMethod: null,
      description: null,
      metadata: {},
    });
    pullPendingItems(emu, invoice, sub.id);
    if (invoice.lines.data.length > 0) {
      emu.state.invoices.set(invoice.id, invoice);
      emu.events.emit('invoice.created', invoice);
      finalizeInvoice(emu, invoice, at);
      if (invoice.status === 'open' && invoice.collection_method === 'charge_automatically')
        collectInvoice(emu, invoice, { offSession: true, automatic: true });
    }
  }
  if (sub.status === 'incomplete') {
    const first = emu.state.invoices.get(idOf(sub.latest_invoice) ?? '');
    if (first && first.status === 'open') voidInvoice(emu, first, at);
  }
  sub.status = 'canceled';
  sub.canceled_at ??= at;
  sub.ended_at = at;
  sub.cancellation_details = {
    comment: o.comment ?? sub.cancellation_details?.comment ?? null,
    feedback: o.feedback ?? sub.cancellation_details?.feedback ?? null,
    feedback_option: null,
    reason: o.reason,
  };
  if (subInternal(emu, sub.id).announced) emu.events.emit('customer.subscription.deleted', sub);
  return sub;
}
