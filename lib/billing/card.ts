import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Subscription, User } from '@/db/schema';
import { audit, type RequestMeta } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { idOf } from '@/lib/ids';
import { stripeCall } from '@/lib/stripe/call';
import { payInvoice, type InvoicePaymentOutcome } from './invoice-payment';
import { syncInvoice } from './invoice-sync';
import { isLive, ownedSubscription } from './subscriptions';
import { syncSubscription } from './subscription-sync';
import { toSubscriptionView, type SubscriptionView } from './views';

type Ids = { requestId?: string; request?: RequestMeta };

export const setupIntentIdSchema = z.string().regex(/^seti_[A-Za-z0-9]{1,250}$/, 'Invalid card setup.');

export type CardUpdateResult = {
  subscription: SubscriptionView | null;
  /** Set when the subscription was past due: the retry of its open invoice with the new card. */
  payment: InvoicePaymentOutcome | null;
};

function assertCardUpdatable(row: Subscription): void {
  if (!isLive(row.status)) throw new AppError('conflict', 'This subscription has ended.');
  if (row.status === 'incomplete') throw new AppError('conflict', 'Finish the checkout of this subscription first.');
}

/**
 * Starts replacing the card of one of the user's subscriptions: a SetupIntent the browser
 * confirms with the Payment Element (3-D Secure included). Returns its client secret.
 */
export async function startCardUpdate(user: Pick<User, 'id'>, subscriptionId: string, ids: Ids = {}): Promise<{ clientSecret: string }> {
  const row = await ownedSubscription(user, subscriptionId);
  assertCardUpdatable(row);
  const requestId = ids.requestId ?? randomUUID();
  const si = await stripeCall('setupIntents.create', (s) =>
    s.setupIntents.create(
      {
        customer: row.stripeCustomerId,
        usage: 'off_session',
        allowed_payment_method_types: ['card'],
        metadata: { user_id: user.id, subscription_id: row.id, purpose: 'subscription_card' },
      },
      { idempotencyKey: `si:card:${row.id}:${requestId}` },
    ),
  );
  if (!si.client_secret) throw new AppError('internal');
  await audit({
    actor: { type: 'user', id: user.id },
    action: 'subscription.card_update_started',
    target: { type: 'subscription', id: row.id },
    data: { setupIntent: si.id },
    request: ids.request,
  });
  return { clientSecret: si.client_secret };
}

/**
 * Finishes a card replacement once the browser confirmed the SetupIntent: checks with Stripe
 * that it succeeded for this subscription, makes its card the default of the subscription and
 * the customer, and, when the subscription is past due, pays its open invoices with it (3-D
 * Secure, if the bank asks, is returned for the browser).
 */
export async function finishCardUpdate(
  user: Pick<User, 'id'>,
  subscriptionId: string,
  setupIntentId: string,
  ids: Ids = {},
): Promise<CardUpdateResult> {
  const siId = setupIntentIdSchema.parse(setupIntentId);
  const row = await ownedSubscription(user, subscriptionId);
  assertCardUpdatable(row);
  const si = await stripeCall('setupIntents.retrieve', (s) => s.setupIntents.retrieve(siId));
  if (idOf(si.customer) !== row.stripeCustomerId || si.metadata?.subscription_id !== row.id)
    throw new AppError('not_found', 'That card setup was not found.');
  const pm = idOf(si.payment_method);
  if (si.status !== 'succeeded' || !pm) throw new AppError('conflict', 'The new card has not been confirmed yet.');

  await stripeCall('subscriptions.update', (s) =>
    s.subscriptions.update(row.id, { default_payment_method: pm }, { idempotencyKey: `sub:pm:${row.id}:${si.id}` }),
  );
  await stripeCall('customers.update', (s) =>
    s.customers.update(
      row.stripeCustomerId,
      { invoice_settings: { default_payment_method: pm } },
      { idempotencyKey: `cus:pm:${row.stripeCustomerId}:${si.id}` },
    ),
  );
  let synced = await syncSubscription(row.id, { fetched: 'card_update' });
  await audit({
    actor: { type: 'user', id: user.id },
    action: 'subscription.card_updated',
    target: { type: 'subscription', id: row.id },
    data: { setupIntent: si.id, brand: synced?.cardBrand ?? null, last4: synced?.cardLast4 ?? null },
    request: ids.request,
  });

  let payment: InvoicePaymentOutcome | null = null;
  if (synced && (synced.status === 'past_due' || synced.status === 'unpaid')) {
    const open = await stripeCall('invoices.list', (s) => s.invoices.list({ subscription: row.id, status: 'open', limit: 10 }));
    // Oldest first; stop at the first one that is not paid (the customer has to act on it).
    for (const invoice of [...open.data].sort((a, b) => a.created - b.created)) {
      await audit({
        actor: { type: 'user', id: user.id },
        action: 'invoice.retry_requested',
        target: { type: 'invoice', id: invoice.id },
        amount: invoice.amount_remaining,
        currency: invoice.currency,
        request: ids.request,
      });
      payment = await payInvoice(invoice.id, pm, `in:pay:${invoice.id}:${si.id}`);
      await syncInvoice(invoice.id, { fetched: 'card_update' });
      if (payment.status !== 'paid') break;
    }
    synced = (await syncSubscription(row.id, { fetched: 'card_update' })) ?? synced;
  }
  return { subscription: synced ? toSubscriptionView(synced) : null, payment };
}
