import { describe, expect, it } from 'vitest';
import { changeTiming, yearlyAmount, type PlanPrice } from './plans';

const plan = (over: Partial<PlanPrice>): PlanPrice => ({
  priceId: 'price_x',
  planKey: 'starter',
  planName: 'Starter',
  description: null,
  rank: 1,
  unitAmount: 900,
  currency: 'usd',
  interval: 'month',
  intervalCount: 1,
  trialDays: null,
  ...over,
});

describe('plan changes', () => {
  it('bills a bigger plan or a longer interval now, a smaller plan on the same interval at the period end', () => {
    const starterMonthly = { rank: 1, interval: 'month', intervalCount: 1 };
    const proMonthly = { rank: 2, interval: 'month', intervalCount: 1 };
    expect(changeTiming(starterMonthly, plan({ rank: 2 }))).toBe('now');
    expect(changeTiming(proMonthly, plan({ rank: 1 }))).toBe('period_end');
    expect(changeTiming(starterMonthly, plan({ rank: 1, interval: 'year' }))).toBe('now');
    // An interval change restarts the billing cycle in Stripe, so it cannot wait for the period end.
    expect(changeTiming(proMonthly, plan({ rank: 1, interval: 'year' }))).toBe('now');
  });

  it('compares prices over a year', () => {
    expect(yearlyAmount(plan({ unitAmount: 900, interval: 'month' }))).toBeCloseTo(10_800);
    expect(yearlyAmount(plan({ unitAmount: 9_000, interval: 'year' }))).toBeCloseTo(9_000);
  });
});
