import { describe, expect, it } from 'vitest';
import { entitlementOf, PAST_DUE_GRACE_DAYS } from './entitlements';

const NOW = new Date('2026-03-01T12:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
const sub = (over: Partial<Parameters<typeof entitlementOf>[0] & object> = {}) => ({
  status: 'active' as const,
  planKey: 'pro',
  pastDueSince: null,
  priorPlanKey: null,
  priorPlanUntil: null,
  ...over,
});

describe('entitlementOf', () => {
  it('active and trialing subscriptions are entitled to their plan', () => {
    expect(entitlementOf(sub(), NOW)).toEqual({ tier: 'pro', reason: 'active', graceEndsAt: null });
    expect(entitlementOf(sub({ status: 'trialing', planKey: 'starter' }), NOW)).toEqual({
      tier: 'starter',
      reason: 'trialing',
      graceEndsAt: null,
    });
  });

  it('past_due stays entitled within the grace period, then not', () => {
    const within = entitlementOf(sub({ status: 'past_due', pastDueSince: days(-(PAST_DUE_GRACE_DAYS - 1)) }), NOW);
    expect(within).toMatchObject({ tier: 'pro', reason: 'past_due_grace' });
    expect(within.graceEndsAt).toEqual(days(1));
    expect(entitlementOf(sub({ status: 'past_due', pastDueSince: days(-(PAST_DUE_GRACE_DAYS + 1)) }), NOW)).toMatchObject({
      tier: 'none',
      reason: 'past_due_expired',
    });
  });

  it('canceled, expired, incomplete, unpaid and paused are not entitled', () => {
    expect(entitlementOf(sub({ status: 'canceled' }), NOW)).toMatchObject({ tier: 'none', reason: 'ended' });
    expect(entitlementOf(sub({ status: 'incomplete_expired' }), NOW)).toMatchObject({ tier: 'none', reason: 'ended' });
    for (const status of ['incomplete', 'unpaid', 'paused'] as const)
      expect(entitlementOf(sub({ status }), NOW)).toMatchObject({ tier: 'none', reason: 'not_paid' });
    expect(entitlementOf(null, NOW)).toMatchObject({ tier: 'none', reason: 'none' });
  });

  it('a downgrade at period end keeps the bigger plan until the paid period ends', () => {
    const downgraded = sub({ planKey: 'starter', priorPlanKey: 'pro', priorPlanUntil: days(10) });
    expect(entitlementOf(downgraded, NOW).tier).toBe('pro');
    expect(entitlementOf(downgraded, days(11)).tier).toBe('starter');
    expect(entitlementOf(sub({ planKey: 'pro', priorPlanKey: 'starter', priorPlanUntil: days(10) }), NOW).tier).toBe('pro');
  });
});
