// A subscription's pending_setup_intent succeeded: the card becomes its default if asked to.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { snapshot } from '../core/json';
import { subscriptionChanged } from './subscription-status';

export function setupIntentSucceededForSubscription(
  emu: Emulator,
  subscriptionId: string,
  si: Stripe.SetupIntent,
  pm: Stripe.PaymentMethod,
): void {
  const sub = emu.state.subscriptions.get(subscriptionId);
  if (!sub || sub.pending_setup_intent !== si.id) return;
  const before = snapshot(sub);
  sub.pending_setup_intent = null;
  if (sub.payment_settings?.save_default_payment_method === 'on_subscription' || !sub.default_payment_method)
    sub.default_payment_method = pm.id;
  subscriptionChanged(emu, sub, before);
}
