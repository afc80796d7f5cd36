import 'server-only';
import type Stripe from 'stripe';
import { z } from 'zod';
import { LIVE_SUBSCRIPTION_STATUSES, type Subscription, type SubscriptionStatus, type User } from '@/db/schema';
import { audit, type RequestMeta } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { idOf } from '@/lib/ids';
import { ensureCustomer } from '@/lib/payments/customers';
import { stripeCall } from '@/lib/stripe/call';
import { syncInvoice } from './invoice-sync';
import { withCheckoutLease } from './checkout-lease';
import { subscribablePrice, type PlanPrice } from './plans';
import { liveSubscriptionOf } from './subscriptions';
import { syncSubscription } from './subscription-sync';

export const startSubscriptionInput = z.strictObject({ priceId: z.string().trim().min(1).max(255) });

export type StartResult = {
  subscriptionId: string;
  status: SubscriptionStatus;
  /** What the browser confirms: the first invoice's PaymentIntent, or (trial) the SetupIntent that collects the card; null when nothing is due. */
  confirm: { kind: 'payment' | 'setup'; clientSecret: string } | null;
  /** Due now: the first invoice (0 for a trial). */
  amount: number;
  currency: string;
  trialEnd: string | null;
};

// Marks incomplete checkouts we cancel for another plan, so they do not use up the one trial.
const ABANDONED = 'Checkout abandoned for another plan.';
const EXPAND = ['latest_invoice.confirmation_secret', 'pending_setup_intent'];

/** A checkout that may be picked up again: unpaid first invoice, or a trial still waiting for its card. */
const resumable = (s: { status: string; pendingSetupIntentId?: string | null }) =>
  s.status === 'incomplete' || (s.status === 'trialing' && !!s.pendingSetupIntentId);

function refuse(live: Pick<Subscription, 'priceId'>, price: PlanPrice): never {
  if (live.priceId === price.priceId) throw new AppError('conflict', 'You are already subscribed to this plan.');
  throw new AppError('conflict', 'You already have a subscription. Change your plan from the billing page.');
}

function confirmationOf(sub: Stripe.Subscription): StartResult['confirm'] {
  const invoice = sub.latest_invoice;
  if (sub.status === 'incomplete' && invoice && typeof invoice !== 'string' && invoice.status === 'open' && invoice.confirmation_secret) {
    return { kind: 'payment', clientSecret: invoice.confirmation_secret.client_secret };
  }
  const si = sub.pending_setup_intent;
  if (si && typeof si !== 'string' && si.client_secret && !['succeeded', 'canceled'].includes(si.status))
    return { kind: 'setup', clientSecret: si.client_secret };
  return null;
}

function trialEligible(history: Stripe.Subscription[]): boolean {
  // One trial per customer: any earlier subscription that trialed or got past checkout uses it up.
  return history.every(
    (s) =>
      s.trial_start === null &&
      (s.status === 'incomplete' ||
        s.status === 'incomplete_expired' ||
        (s.status === 'canceled' && s.cancellation_details?.comment === ABANDONED)),
  );
}

/**
 * The free trial `user` would get on `price` (days), or null: the price has none, or the
 * customer already used theirs. The checkout page asks before showing the card form.
 */
export async function trialOffer(user: Pick<User, 'stripeCustomerId'>, price: Pick<PlanPrice, 'trialDays'>): Promise<number | null> {
  if (!price.trialDays) return null;
  const customerId = user.stripeCustomerId;
  if (!customerId) return price.trialDays;
  const history = (await stripeCall('subscriptions.list', (s) => s.subscriptions.list({ customer: customerId, status: 'all', limit: 100 })))
    .data;
  return trialEligible(history) ? price.trialDays : null;
}

function resultOf(sub: Stripe.Subscription, confirm: StartResult['confirm'], price: PlanPrice): StartResult {
  const invoice = typeof sub.latest_invoice === 'object' ? sub.latest_invoice : null;
  return {
    subscriptionId: sub.id,
    status: sub.status as SubscriptionStatus,
    confirm,
    amount: invoice?.amount_due ?? 0,
    currency: invoice?.currency ?? price.currency,
    trialEnd: sub.trial_end ? new Date(sub.trial_end * 1000).toISOString() : null,
  };
}

/**
 * Starts a subscription to a plan price, to be paid in the browser: Stripe creates it with
 * `payment_behavior=default_incomplete`, and the result carries the client secret of its first
 * invoice (`confirmation_secret`) or, for a trial, of the SetupIntent that collects the card.
 * Nothing is charged here, and nothing here marks it paid: webhooks (or a later server-side
 * fetch) do. At most one live subscription per user: calls are serialised per user, a pending
 * checkout for the same price is returned again, one for another price is cancelled first, the
 * Stripe call carries a key derived from the customer's subscription count, and the database
 * refuses a second live row.
 */
export async function startSubscription(user: User, priceId: string, ids: { request?: RequestMeta } = {}): Promise<StartResult> {
  const data = startSubscriptionInput.parse({ priceId });
  const price = await subscribablePrice(data.priceId);
  const local = await liveSubscriptionOf(user.id);
  if (local && !(resumable(local) && (local.status === 'incomplete' || local.priceId === price.priceId))) refuse(local, price);
  const customerId = await ensureCustomer(user);

  return withCheckoutLease(user.id, async () => {
    const history = (
      await stripeCall('subscriptions.list', (s) => s.subscriptions.list({ customer: customerId, status: 'all', limit: 100 }))
    ).data;
    for (const s of history.filter((x) => LIVE_SUBSCRIPTION_STATUSES.includes(x.status as SubscriptionStatus))) {
      await syncSubscription(s.id, { fetched: 'checkout' });
      const current = { status: s.status, priceId: s.items.data[0]?.price.id ?? '', pendingSetupIntentId: idOf(s.pending_setup_intent) };
      if (resumable(current) && current.priceId === price.priceId) {
        const again = await stripeCall('subscriptions.retrieve', (c) => c.subscriptions.retrieve(s.id, { expand: EXPAND }));
        const confirm = confirmationOf(again);
        if (confirm) {
          await audit({
            actor: { type: 'user', id: user.id },
            action: 'subscription.checkout_resumed',
            target: { type: 'subscription', id: s.id },
            data: { priceId: price.priceId },
            request: ids.request,
          });
          return resultOf(again, confirm, price);
        }
      }
      if (s.status !== 'incomplete') refuse(current, price);
      await stripeCall('subscriptions.cancel', (c) =>
        c.subscriptions.cancel(s.id, { cancellation_details: { comment: ABANDONED } }, { idempotencyKey: `sub:abandon:${s.id}` }),
      );
      await syncSubscription(s.id, { fetched: 'checkout' });
    }

    const trialDays = price.trialDays && trialEligible(history) ? price.trialDays : null;
    const sub = await stripeCall('subscriptions.create', (s) =>
      s.subscriptions.create(
        {
          customer: customerId,
          items: [{ price: price.priceId }],
          payment_behavior: 'default_incomplete',
          // The card that pays (or the trial's SetupIntent) becomes the subscription's default for renewals.
          payment_settings: { save_default_payment_method: 'on_subscription', payment_method_types: ['card'] },
          ...(trialDays
            ? { trial_period_days: trialDays, trial_settings: { end_behavior: { missing_payment_method: 'cancel' as const } } }
            : {}),
          metadata: { user_id: user.id },
          expand: EXPAND,
        },
        // Same count + price → same subscription: a retry after a timeout never makes a second one.
        { idempotencyKey: `sub:create:${customerId}:${history.length}:${price.priceId}` },
      ),
    );
    await syncSubscription(sub.id, { fetched: 'checkout' });
    const invoiceId = idOf(sub.latest_invoice);
    if (invoiceId) await syncInvoice(invoiceId, { fetched: 'checkout' });
    const result = resultOf(sub, confirmationOf(sub), price);
    await audit({
      actor: { type: 'user', id: user.id },
      action: 'subscription.checkout_started',
      target: { type: 'subscription', id: sub.id },
      amount: result.amount,
      currency: result.currency,
      data: { priceId: price.priceId, plan: price.planKey, trialDays },
      request: ids.request,
    });
    return result;
  });
}
