// Subscription billing periods: the invoice for a period, renewals, trial ends and
// expiry of unpaid first invoices.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { snapshot } from '../core/json';
import { addIntervals, HOUR, periodEndAfter } from '../core/time';
import { idOf } from '../resources/common';
import { finalizeInvoice, markUncollectible, voidInvoice } from './collect';
import { buildInvoice, pullPendingItems, recomputeTotals, subscriptionLine } from './invoice-object';
import { intervalOf, setPeriod } from './items';
import { cancelSubscriptionNow } from './cancel';
import { subscriptionChanged } from './subscription-status';

/** An unpaid first invoice expires the subscription after 23 hours. */
export const INCOMPLETE_EXPIRY = 23 * HOUR;

export function paymentMethodOfSubscription(emu: Emulator, sub: Stripe.Subscription): string | null {
  const customer = emu.state.customers.get(idOf(sub.customer) ?? '');
  return idOf(sub.default_payment_method) ?? idOf(customer?.invoice_settings.default_payment_method) ?? null;
}

export interface PeriodInvoiceOptions {
  reason: Stripe.Invoice.BillingReason;
  period: { start: number; end: number };
  trial: boolean;
  at: number;
  autoAdvance: boolean;
  /** Fraction of a full period billed (a shortened first period). */
  factor?: number;
  /** False for a mid-period invoice that carries only pending items (prorations). */
  itemLines?: boolean;
}

/** Drafts the invoice for a subscription period, sweeping in its pending invoice items. */
export function periodInvoice(emu: Emulator, sub: Stripe.Subscription, o: PeriodInvoiceOptions, preview = false): Stripe.Invoice {
  const customer = emu.state.customers.get(idOf(sub.customer) ?? '');
  if (!customer) throw new Error(`subscription ${sub.id} has no customer`);
  const invoice = buildInvoice({
    customer,
    subscription: sub,
    billingReason: o.reason,
    collectionMethod: sub.collection_method,
    currency: sub.currency,
    created: o.at,
    periodStart: o.period.start,
    periodEnd: o.period.end,
    autoAdvance: o.autoAdvance,
    daysUntilDue: sub.days_until_due,
    defaultPaymentMethod: null,
    description: sub.description,
    metadata: {},
    preview,
  });
  // Stripe bills licensed items in advance, so the line covers the period just starting.
  for (const item of o.itemLines === false ? [] : sub.items.data) {
    const line = subscriptionLine(emu, invoice, sub, item, o.period, o.trial);
    if (o.factor !== undefined && o.factor < 1) {
      line.amount = Math.round(line.amount * o.factor);
      line.subtotal = line.amount;
    }
    invoice.lines.data.push(line);
  }
  pullPendingItems(emu, invoice, sub.id);
  recomputeTotals(invoice);
  if (preview) return invoice;
  emu.state.invoices.set(invoice.id, invoice);
  sub.latest_invoice = invoice.id;
  emu.events.emit('invoice.created', invoice);
  return invoice;
}

/** Applies pause_collection to a freshly drafted renewal invoice, as Stripe does. */
function applyPause(emu: Emulator, sub: Stripe.Subscription, invoice: Stripe.Invoice, at: number): void {
  const behavior = sub.pause_collection?.behavior;
  if (!behavior) return;
  invoice.auto_advance = false;
  invoice.automatically_finalizes_at = null;
  if (behavior === 'keep_as_draft') return;
  finalizeInvoice(emu, invoice, at);
  if (invoice.status !== 'open') return;
  if (behavior === 'void') voidInvoice(emu, invoice, at);
  else markUncollectible(emu, invoice, at);
}

/** The period ending at `at` is over: start the next one and draft its invoice. */
export function renewSubscription(emu: Emulator, sub: Stripe.Subscription, at: number): void {
  const before = snapshot(sub);
  const { interval, count } = intervalOf(sub.items.data[0]?.price as Stripe.Price);
  const end = periodEndAfter(sub.billing_cycle_anchor, interval, count, at);
  setPeriod(sub, at, end);
  const unpaid = sub.status === 'unpaid';
  const invoice = periodInvoice(emu, sub, {
    reason: 'subscription_cycle',
    period: { start: at, end },
    trial: false,
    at,
    autoAdvance: !unpaid,
  });
  subscriptionChanged(emu, sub, before);
  applyPause(emu, sub, invoice, at);
}

/** The trial is over: bill the first paid period, or cancel/pause when no card was collected. */
export function endTrial(emu: Emulator, sub: Stripe.Subscription, at: number): void {
  const before = snapshot(sub);
  const missing = sub.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice';
  if (!paymentMethodOfSubscription(emu, sub) && missing === 'cancel') {
    cancelSubscriptionNow(emu, sub, at, { reason: 'cancellation_requested' });
    return;
  }
  if (!paymentMethodOfSubscription(emu, sub) && missing === 'pause') {
    sub.status = 'paused';
    emu.events.emit('customer.subscription.paused', sub);
    subscriptionChanged(emu, sub, before);
    return;
  }
  const { interval, count } = intervalOf(sub.items.data[0]?.price as Stripe.Price);
  const end = addIntervals(sub.billing_cycle_anchor, interval, count, 1);
  setPeriod(sub, at, end);
  sub.status = 'active';
  const invoice = periodInvoice(emu, sub, {
    reason: 'subscription_cycle',
    period: { start: at, end },
    trial: false,
    at,
    autoAdvance: true,
  });
  subscriptionChanged(emu, sub, before);
  applyPause(emu, sub, invoice, at);
}

/** 23 hours without paying the first invoice: incomplete_expired, and the invoice is voided. */
export function expireIncomplete(emu: Emulator, sub: Stripe.Subscription, at: number): void {
  const before = snapshot(sub);
  const invoice = emu.state.invoices.get(idOf(sub.latest_invoice) ?? '');
  if (invoice && invoice.status === 'open') voidInvoice(emu, invoice, at);
  sub.status = 'incomplete_expired';
  sub.ended_at = at;
  sub.canceled_at = at;
  subscriptionChanged(emu, sub, before);
}
