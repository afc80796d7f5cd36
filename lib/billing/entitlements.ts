import 'server-only';
import type { Subscription, User } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { currentSubscriptionOf } from './subscriptions';

export type Tier = 'none' | 'starter' | 'pro';

const RANK: Record<Tier, number> = { none: 0, starter: 1, pro: 2 };

/** Every gated feature and the smallest plan that includes it. */
export const FEATURES = {
  projects: 'starter',
  insights: 'pro',
} as const satisfies Record<string, Tier>;

export type Feature = keyof typeof FEATURES;

/** A past_due subscription keeps its features this long after the failed invoice, while Stripe retries it. */
export const PAST_DUE_GRACE_DAYS = 14;

export type Entitlement = {
  tier: Tier;
  reason: 'none' | 'active' | 'trialing' | 'past_due_grace' | 'past_due_expired' | 'not_paid' | 'ended';
  /** While past_due: when access stops unless the payment is fixed. */
  graceEndsAt: Date | null;
};

type Row = Pick<Subscription, 'status' | 'planKey' | 'pastDueSince' | 'priorPlanKey' | 'priorPlanUntil'>;

const tierOfPlan = (planKey: string | null): Tier => (planKey === 'pro' ? 'pro' : 'starter');

function paidTier(sub: Row, now: Date): Tier {
  const current = tierOfPlan(sub.planKey);
  // A downgrade scheduled for the period end keeps the bigger plan until then.
  if (sub.priorPlanKey && sub.priorPlanUntil && now < sub.priorPlanUntil) {
    const prior = tierOfPlan(sub.priorPlanKey);
    return RANK[prior] > RANK[current] ? prior : current;
  }
  return current;
}

/**
 * What a subscription entitles to at `now`, from the local mirror only: trialing and active
 * count, past_due counts within the grace period, anything else (incomplete, unpaid, paused,
 * canceled) does not.
 */
export function entitlementOf(sub: Row | null, now = new Date()): Entitlement {
  if (!sub) return { tier: 'none', reason: 'none', graceEndsAt: null };
  switch (sub.status) {
    case 'active':
    case 'trialing':
      return { tier: paidTier(sub, now), reason: sub.status, graceEndsAt: null };
    case 'past_due': {
      const since = sub.pastDueSince ?? now;
      const graceEndsAt = new Date(since.getTime() + PAST_DUE_GRACE_DAYS * 86_400_000);
      return now < graceEndsAt
        ? { tier: paidTier(sub, now), reason: 'past_due_grace', graceEndsAt }
        : { tier: 'none', reason: 'past_due_expired', graceEndsAt };
    }
    case 'canceled':
    case 'incomplete_expired':
      return { tier: 'none', reason: 'ended', graceEndsAt: null };
    default:
      return { tier: 'none', reason: 'not_paid', graceEndsAt: null };
  }
}

/** The user's entitlement now, from their live subscription (else their last one, to say it ended). */
export async function entitlementsFor(user: Pick<User, 'id'>, now = new Date()): Promise<Entitlement> {
  return entitlementOf(await currentSubscriptionOf(user.id), now);
}

/** Whether the user's plan includes `feature` right now. */
export async function mayUse(user: Pick<User, 'id'>, feature: Feature, now = new Date()): Promise<boolean> {
  return RANK[(await entitlementsFor(user, now)).tier] >= RANK[FEATURES[feature]];
}

/** Throws `forbidden` (403) unless the user's plan includes `feature`; service functions behind a plan start with it. */
export async function requireFeature(user: Pick<User, 'id'>, feature: Feature): Promise<Entitlement> {
  const entitlement = await entitlementsFor(user);
  if (RANK[entitlement.tier] < RANK[FEATURES[feature]]) {
    throw new AppError(
      'forbidden',
      FEATURES[feature] === 'pro' ? 'This feature needs the Pro plan.' : 'This feature needs a subscription.',
    );
  }
  return entitlement;
}
