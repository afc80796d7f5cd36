import 'server-only';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { db } from '@/db';
import { LIVE_SUBSCRIPTION_STATUSES, subscriptions, type Subscription, type User } from '@/db/schema';
import { AppError } from '@/lib/errors';

const SUBSCRIPTION_ID = /^sub_[A-Za-z0-9]{1,250}$/;

/** The user's live subscription (checkout in progress, trialing, active, past due…), if any. */
export async function liveSubscriptionOf(userId: string): Promise<Subscription | null> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.userId, userId), inArray(subscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES])))
    .limit(1);
  return row ?? null;
}

/** The subscription /billing is about: the live one, else the most recent one (to show that it ended). */
export async function currentSubscriptionOf(userId: string): Promise<Subscription | null> {
  const live = await liveSubscriptionOf(userId);
  if (live) return live;
  const [latest] = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.userId, userId))
    .orderBy(desc(subscriptions.stripeCreated))
    .limit(1);
  return latest ?? null;
}

/** One of the user's subscriptions; someone else's (or a malformed id) is "not found", before any Stripe call. */
export async function ownedSubscription(user: Pick<User, 'id'>, subscriptionId: string): Promise<Subscription> {
  const [row] = SUBSCRIPTION_ID.test(subscriptionId)
    ? await db
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.userId, user.id)))
        .limit(1)
    : [];
  if (!row) throw new AppError('not_found', 'Subscription not found.');
  return row;
}

/** Whether a status occupies the user's one subscription (see LIVE_SUBSCRIPTION_STATUSES). */
export function isLive(status: Subscription['status']): boolean {
  return LIVE_SUBSCRIPTION_STATUSES.includes(status);
}
