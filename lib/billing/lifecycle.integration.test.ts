import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { users } from '@/db/schema';
import { startHarness, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { cancelAtPeriodEnd, resumeSubscription } from './cancellation';
import { seedCatalog } from './catalog-seed';
import { changePlan, previewPlanChange } from './change-plan';
import { entitlementsFor, mayUse } from './entitlements';
import { billingOverview } from './overview';
import { startSubscription } from './start';
import { advanceClock, clockedUser, confirmInBrowser, DAY, expectBillingMatchesStripe, HOUR, settled } from './test-fixtures';

let h: Harness;
let proMonthly: string;
let starterMonthly: string;
let starterYearly: string;
let proYearly: string;
beforeAll(async () => {
  h = await startHarness({ worker: true });
  await seedCatalog();
  [proMonthly, starterMonthly, starterYearly, proYearly] = await Promise.all([
    priceIdOf('pro_monthly'),
    priceIdOf('starter_monthly'),
    priceIdOf('starter_yearly'),
    priceIdOf('pro_yearly'),
  ]);
});
afterAll(() => h?.stop());

/** A clock-bound user with an active, paid subscription to `priceId`. */
async function subscribed(priceId: string) {
  const { user, clock } = await clockedUser(h);
  const started = await startSubscription(user, priceId);
  await confirmInBrowser(h, started.confirm);
  await settled(h);
  const sub = await expectBillingMatchesStripe(h, user, started.subscriptionId);
  expect(sub.status).toBe('active');
  return { user, clock, subscriptionId: started.subscriptionId, periodEnd: sub.items.data[0]!.current_period_end };
}

describe('renewals', () => {
  it('renews for three cycles, each invoice paid and /billing on the new period', async () => {
    const { user, clock, subscriptionId } = await subscribed(proMonthly);
    for (let cycle = 1; cycle <= 3; cycle++) {
      const before = await h.stripe.subscriptions.retrieve(subscriptionId);
      await advanceClock(h, clock.id, before.items.data[0]!.current_period_end + 2 * HOUR);
      const after = await expectBillingMatchesStripe(h, user, subscriptionId);
      expect(after.status).toBe('active');
      expect(after.items.data[0]!.current_period_start).toBe(before.items.data[0]!.current_period_end);
    }
    const invoices = (await billingOverview(user, user.id)).invoices;
    expect(invoices).toHaveLength(4);
    expect(invoices.every((i) => i.status === 'paid' && i.amountPaid === 2900)).toBe(true);
    expect(invoices.filter((i) => i.billingReason === 'subscription_cycle')).toHaveLength(3);
    expect(await mayUse(user, 'insights')).toBe(true);
  });
});

describe('plan changes', () => {
  it('upgrades now with proration: the invoice equals the preview', async () => {
    const { user, clock, subscriptionId, periodEnd } = await subscribed(starterYearly);
    await advanceClock(h, clock.id, periodEnd - 200 * DAY);
    const preview = await previewPlanChange(user, subscriptionId, proYearly);
    expect(preview).toMatchObject({ timing: 'now', chargedNow: true, currency: 'usd' });
    expect(preview.amountDue).toBeGreaterThan(0);
    expect(preview.amountDue).toBeLessThan(29_000 - 9_000);
    expect(preview.lines.map((l) => l.amount).reduce((a, b) => a + b, 0)).toBe(preview.amountDue);

    const result = await changePlan(user, subscriptionId, { priceId: proYearly, prorationDate: preview.prorationDate! });
    expect(result.payment).toMatchObject({ status: 'paid', amount: preview.amountDue });
    await settled(h);
    const after = await expectBillingMatchesStripe(h, user, subscriptionId);
    expect(after.items.data[0]!.price.id).toBe(proYearly);
    const upgrade = (await billingOverview(user, user.id)).invoices.find((i) => i.billingReason === 'subscription_update');
    expect(upgrade).toMatchObject({ status: 'paid', amountPaid: preview.amountDue, total: preview.amountDue });
    expect(await entitlementsFor(user)).toMatchObject({ tier: 'pro' });
  });

  it('downgrades at the period end: no charge now, Pro until then, Starter billed from the next period', async () => {
    const { user, clock, subscriptionId, periodEnd } = await subscribed(proMonthly);
    const preview = await previewPlanChange(user, subscriptionId, starterMonthly);
    expect(preview).toMatchObject({ timing: 'period_end', chargedNow: false, amountDue: 900, prorationDate: null });
    expect(Math.floor(new Date(preview.billedAt).getTime() / 1000)).toBe(periodEnd);
    const invoicesBefore = (await billingOverview(user, user.id)).invoices.length;

    const result = await changePlan(user, subscriptionId, { priceId: starterMonthly });
    expect(result).toMatchObject({ timing: 'period_end', payment: null });
    await settled(h);
    const changed = await expectBillingMatchesStripe(h, user, subscriptionId);
    expect(changed.items.data[0]!.price.id).toBe(starterMonthly);
    const overview = await billingOverview(user, user.id);
    expect(overview.invoices).toHaveLength(invoicesBefore);
    expect(overview.subscription?.priorPlan).toEqual({
      planKey: 'pro',
      priceId: proMonthly,
      until: new Date(periodEnd * 1000).toISOString(),
    });
    expect(await entitlementsFor(user)).toMatchObject({ tier: 'pro' });
    expect(await entitlementsFor(user, new Date((periodEnd + 60) * 1000))).toMatchObject({ tier: 'starter' });

    await advanceClock(h, clock.id, periodEnd + 2 * HOUR);
    await expectBillingMatchesStripe(h, user, subscriptionId);
    const renewal = (await billingOverview(user, user.id)).invoices.find((i) => i.billingReason === 'subscription_cycle');
    expect(renewal).toMatchObject({ status: 'paid', amountPaid: preview.amountDue });
  });
});

describe('cancel and resume', () => {
  it('cancel at period end: still active until then, canceled (and not entitled) after the clock passes it', async () => {
    const { user, clock, subscriptionId, periodEnd } = await subscribed(proMonthly);
    const view = await cancelAtPeriodEnd(user, subscriptionId);
    expect(view).toMatchObject({ status: 'active', cancelAtPeriodEnd: true, cancelAt: new Date(periodEnd * 1000).toISOString() });
    await settled(h);
    await expectBillingMatchesStripe(h, user, subscriptionId);
    expect(await mayUse(user, 'insights')).toBe(true);

    await advanceClock(h, clock.id, periodEnd - HOUR);
    expect((await expectBillingMatchesStripe(h, user, subscriptionId)).status).toBe('active');
    await advanceClock(h, clock.id, periodEnd + HOUR);
    const ended = await expectBillingMatchesStripe(h, user, subscriptionId);
    expect(ended.status).toBe('canceled');
    expect(await entitlementsFor(user)).toMatchObject({ tier: 'none' });
    expect(await mayUse(user, 'insights')).toBe(false);
    const [row] = await db.select({ status: users.subscriptionStatus }).from(users).where(eq(users.id, user.id));
    expect(row?.status).toBe('canceled');
    expect((await billingOverview(user, user.id)).invoices).toHaveLength(1);
  });

  it('resume takes the cancellation back: the subscription renews at the period end', async () => {
    const { user, clock, subscriptionId, periodEnd } = await subscribed(proMonthly);
    await cancelAtPeriodEnd(user, subscriptionId);
    const resumed = await resumeSubscription(user, subscriptionId);
    expect(resumed).toMatchObject({ status: 'active', cancelAtPeriodEnd: false, cancelAt: null });
    await settled(h);
    await expectBillingMatchesStripe(h, user, subscriptionId);
    await advanceClock(h, clock.id, periodEnd + 2 * HOUR);
    const renewed = await expectBillingMatchesStripe(h, user, subscriptionId);
    expect(renewed.status).toBe('active');
    expect(renewed.items.data[0]!.current_period_start).toBe(periodEnd);
  });
});
