import 'server-only';
import type Stripe from 'stripe';
import { audit } from '@/lib/audit';
import { recordInvoicePaymentFailure } from './payment-failures';
import { invoiceSubscriptionId, syncInvoice } from './invoice-sync';
import { applySubscriptionSnapshot, syncSubscription } from './subscription-sync';

type SubscriptionEvent = Extract<Stripe.Event, { data: { object: Stripe.Subscription } }>;
type InvoiceEvent = Extract<Stripe.Event, { data: { object: Stripe.Invoice } }>;

/**
 * customer.subscription.*: the subscription is re-fetched from Stripe rather than taken from the
 * event, so an event delivered late or twice can never put back an older state.
 */
export async function onSubscriptionEvent(event: SubscriptionEvent): Promise<void> {
  const source = { eventId: event.id };
  const synced = await syncSubscription(event.data.object.id, source);
  // Stripe no longer returns subscriptions of a deleted customer: the deletion event's snapshot is final.
  if (!synced && event.type === 'customer.subscription.deleted') await applySubscriptionSnapshot(event.data.object, source);
}

/** customer.subscription.trial_will_end: mirrored, and noted in the audit log (the reminder is due). */
export async function onTrialWillEnd(event: Stripe.CustomerSubscriptionTrialWillEndEvent): Promise<void> {
  const synced = await syncSubscription(event.data.object.id, { eventId: event.id });
  if (synced) {
    await audit({
      actor: { type: 'stripe', id: event.id },
      action: 'subscription.trial_will_end',
      target: { type: 'subscription', id: synced.id },
      data: { trialEnd: synced.trialEnd?.toISOString() ?? null },
    });
  }
}

// Payment events also move the subscription (active, past_due); its own event may come later.
const MOVES_SUBSCRIPTION = new Set([
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.payment_action_required',
  'invoice.voided',
  'invoice.marked_uncollectible',
  'invoice.upcoming',
]);

/** invoice.*: the invoice is re-fetched and mirrored (an upcoming invoice has no id yet: only its subscription is). */
export async function onInvoiceEvent(event: InvoiceEvent): Promise<void> {
  const source = { eventId: event.id };
  const invoice = event.data.object;
  if (invoice.id && event.type !== 'invoice.upcoming') await syncInvoice(invoice.id, source);
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (subscriptionId && MOVES_SUBSCRIPTION.has(event.type)) await syncSubscription(subscriptionId, source);
}

/** invoice.payment_failed: mirrored, plus the alert and the failed-payment metric. */
export async function onInvoicePaymentFailed(event: Stripe.InvoicePaymentFailedEvent): Promise<void> {
  await onInvoiceEvent(event);
  await recordInvoicePaymentFailure(event);
}
