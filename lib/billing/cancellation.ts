import 'server-only';
import { randomUUID } from 'node:crypto';
import type { User } from '@/db/schema';
import { audit, type RequestMeta } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { stripeCall } from '@/lib/stripe/call';
import { ownedSubscription } from './subscriptions';
import { syncSubscription } from './subscription-sync';
import { toSubscriptionView, type SubscriptionView } from './views';

type Ids = { requestId?: string; request?: RequestMeta };

const dateOf = (d: Date) => d.toLocaleDateString('en-US', { dateStyle: 'long', timeZone: 'UTC' });

async function setCancelAtPeriodEnd(user: Pick<User, 'id'>, subscriptionId: string, cancel: boolean, ids: Ids): Promise<SubscriptionView> {
  const row = await ownedSubscription(user, subscriptionId);
  if (row.status === 'canceled' || row.status === 'incomplete_expired')
    throw new AppError('conflict', 'This subscription has already ended.');
  if (cancel && !['active', 'trialing', 'past_due'].includes(row.status))
    throw new AppError('conflict', 'This subscription cannot be cancelled now.');
  if (cancel && row.cancelAtPeriodEnd)
    throw new AppError('conflict', `This subscription is already set to end on ${dateOf(row.cancelAt ?? row.currentPeriodEnd)}.`);
  if (!cancel && !row.cancelAtPeriodEnd) throw new AppError('conflict', 'This subscription is not set to cancel.');
  const requestId = ids.requestId ?? randomUUID();
  await audit({
    actor: { type: 'user', id: user.id },
    action: cancel ? 'subscription.cancel_requested' : 'subscription.resume_requested',
    target: { type: 'subscription', id: row.id },
    data: { periodEnd: row.currentPeriodEnd.toISOString() },
    request: ids.request,
  });
  await stripeCall('subscriptions.update', (s) =>
    s.subscriptions.update(
      row.id,
      { cancel_at_period_end: cancel },
      { idempotencyKey: `sub:${cancel ? 'cancel' : 'resume'}:${row.id}:${requestId}` },
    ),
  );
  const synced = await syncSubscription(row.id, { fetched: cancel ? 'cancel' : 'resume' });
  return toSubscriptionView(synced ?? row);
}

/** Cancels one of the user's subscriptions at the end of the paid period (it stays usable until then). */
export function cancelAtPeriodEnd(user: Pick<User, 'id'>, subscriptionId: string, ids: Ids = {}): Promise<SubscriptionView> {
  return setCancelAtPeriodEnd(user, subscriptionId, true, ids);
}

/** Takes back a cancellation scheduled for the period end; the subscription renews as before. */
export function resumeSubscription(user: Pick<User, 'id'>, subscriptionId: string, ids: Ids = {}): Promise<SubscriptionView> {
  return setCancelAtPeriodEnd(user, subscriptionId, false, ids);
}
