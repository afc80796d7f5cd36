// Subscription status changes driven by invoice payments, with the events Stripe sends.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { snapshot, type Json } from '../core/json';
import type { SubscriptionInternal } from '../core/state';
import { idOf } from '../resources/common';

export function subInternal(emu: Emulator, id: string): SubscriptionInternal {
  let internal = emu.state.subscriptionInternals.get(id);
  if (!internal) {
    internal = { trialWillEndSent: false, announced: true };
    emu.state.subscriptionInternals.set(id, internal);
  }
  return internal;
}

/** Emits customer.subscription.updated for a change, unless the created event has not gone out yet. */
export function subscriptionChanged(emu: Emulator, sub: Stripe.Subscription, before: Record<string, Json>): void {
  if (!subInternal(emu, sub.id).announced) return;
  emu.events.emitChange('customer.subscription.updated', sub, before);
}

const REVIVABLE = ['incomplete', 'past_due', 'unpaid'];

export function subscriptionPaid(emu: Emulator, sub: Stripe.Subscription, invoice: Stripe.Invoice, pi: Stripe.PaymentIntent | null): void {
  const before = snapshot(sub);
  if (REVIVABLE.includes(sub.status) && idOf(sub.latest_invoice) === invoice.id) sub.status = 'active';
  else if (sub.status === 'past_due' || sub.status === 'unpaid') {
    const stillOpen = [...emu.state.invoices.values()].some(
      (i) => i.status === 'open' && i.parent?.subscription_details?.subscription === sub.id,
    );
    if (!stillOpen) sub.status = 'active';
  }
  const pmId = idOf(pi?.payment_method);
  if (pmId && sub.payment_settings?.save_default_payment_method === 'on_subscription') sub.default_payment_method = pmId;
  subscriptionChanged(emu, sub, before);
}

/** A failed renewal or update payment makes an active subscription past_due. */
export function subscriptionPaymentFailed(emu: Emulator, sub: Stripe.Subscription, invoice: Stripe.Invoice): void {
  if (sub.status !== 'active' || invoice.billing_reason === 'subscription_create') return;
  const before = snapshot(sub);
  sub.status = 'past_due';
  subscriptionChanged(emu, sub, before);
}
