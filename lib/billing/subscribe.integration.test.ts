import { and, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLog, prices, subscriptions } from '@/db/schema';
import { AppError, asAppError } from '@/lib/errors';
import { stripe as appStripe } from '@/lib/stripe/client';
import { eventually, startHarness, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { createTestUser } from '@/scripts/test/users';
import { finishCardUpdate, startCardUpdate } from './card';
import { cancelAtPeriodEnd, resumeSubscription } from './cancellation';
import { seedCatalog } from './catalog-seed';
import { changePlan, previewPlanChange } from './change-plan';
import { entitlementsFor, mayUse } from './entitlements';
import { billingOverview } from './overview';
import { startSubscription } from './start';
import { advanceClock, clockedUser, confirmInBrowser, expectBillingMatchesStripe, HOUR, settled } from './test-fixtures';

let h: Harness;
let proMonthly: string;
let starterMonthly: string;
let starterYearly: string;
beforeAll(async () => {
  h = await startHarness({ worker: true });
  await seedCatalog();
  [proMonthly, starterMonthly, starterYearly] = await Promise.all([
    priceIdOf('pro_monthly'),
    priceIdOf('starter_monthly'),
    priceIdOf('starter_yearly'),
  ]);
});
afterAll(() => h?.stop());

/** Records every Stripe API call the app makes while `fn` runs (webhooks settled first: the worker shares the client). */
async function stripeCallsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  await settled(h);
  const calls: string[] = [];
  const listener = (e: Stripe.RequestEvent) => calls.push(`${e.method} ${e.path}`);
  appStripe().on('request', listener);
  try {
    await fn();
  } finally {
    appStripe().off('request', listener);
  }
  return calls;
}

async function rejectionOf(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).not.toBeNull();
  // Zod errors are what route handlers and actions turn into 422s.
  return asAppError(error);
}

describe('subscribe', () => {
  it('the browser confirms and never comes back: the webhooks alone make the subscription active', async () => {
    const user = await createTestUser();
    const started = await startSubscription(user, proMonthly);
    expect(started).toMatchObject({ status: 'incomplete', amount: 2900, currency: 'usd', trialEnd: null, confirm: { kind: 'payment' } });
    expect(started.confirm?.clientSecret).toMatch(/^pi_.+_secret_/);
    const [pending] = await db.select().from(subscriptions).where(eq(subscriptions.id, started.subscriptionId));
    expect(pending).toMatchObject({ status: 'incomplete', userId: user.id, planKey: 'pro', planName: 'Pro' });
    expect(await mayUse(user, 'insights')).toBe(false);

    // The checkout page's confirmPayment, then the tab is closed: no app code runs after this.
    await confirmInBrowser(h, started.confirm);
    const active = await eventually(
      async () => {
        const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, started.subscriptionId));
        return row?.status === 'active' && row.cardLast4 ? row : undefined;
      },
      15_000,
      'subscription active from webhooks',
    );
    expect(active).toMatchObject({ cardBrand: 'visa', cardLast4: '4242', cancelAtPeriodEnd: false });
    const [activation] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, started.subscriptionId), eq(auditLog.action, 'subscription.active')));
    expect(activation?.actorType).toBe('stripe');
    await settled(h);
    expect(await entitlementsFor(user)).toMatchObject({ tier: 'pro', reason: 'active' });
    await expectBillingMatchesStripe(h, user, started.subscriptionId);
    const overview = await billingOverview(user, user.id);
    expect(overview.invoices).toHaveLength(1);
    expect(overview.invoices[0]).toMatchObject({ status: 'paid', amountPaid: 2900, billingReason: 'subscription_create' });
    expect(overview.invoices[0]?.hostedInvoiceUrl).toMatch(/^http/);
  });

  it('two concurrent subscribe calls make one subscription; a third is refused without a Stripe call', async () => {
    const user = await createTestUser();
    const [a, b] = await Promise.all([startSubscription(user, proMonthly), startSubscription({ ...user }, proMonthly)]);
    expect(a.subscriptionId).toBe(b.subscriptionId);
    expect(a.confirm?.clientSecret).toBe(b.confirm?.clientSecret);
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id));
    const all = await h.stripe.subscriptions.list({ customer: row!.stripeCustomerId, status: 'all' });
    expect(all.data.map((s) => s.id)).toEqual([a.subscriptionId]);
    expect(await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id))).toHaveLength(1);

    // Two tabs with different plans: the later checkout replaces the earlier, unpaid one.
    const [fresh] = await Promise.all([createTestUser()]);
    const [x, y] = await Promise.all([startSubscription(fresh!, proMonthly), startSubscription({ ...fresh! }, starterYearly)]);
    expect(x.subscriptionId).not.toBe(y.subscriptionId);
    const rows = await db.select().from(subscriptions).where(eq(subscriptions.userId, fresh!.id));
    expect(rows.filter((r) => r.status === 'incomplete')).toHaveLength(1);

    await confirmInBrowser(h, a.confirm);
    await eventually(
      async () => (await db.select().from(subscriptions).where(eq(subscriptions.id, a.subscriptionId)))[0]?.status === 'active',
      15_000,
      'active',
    );
    const calls = await stripeCallsDuring(async () => {
      const again = await rejectionOf(startSubscription(user, proMonthly));
      expect(again).toMatchObject({ code: 'conflict', status: 409, message: 'You are already subscribed to this plan.' });
      const other = await rejectionOf(startSubscription(user, starterYearly));
      expect(other).toMatchObject({
        code: 'conflict',
        message: 'You already have a subscription. Change your plan from the billing page.',
      });
    });
    expect(calls).toEqual([]);
    await settled(h);
    await expectBillingMatchesStripe(h, user, a.subscriptionId);
  });

  it('bad input is a clear 4xx and never reaches Stripe', async () => {
    const owner = await createTestUser();
    const started = await startSubscription(owner, proMonthly);
    await confirmInBrowser(h, started.confirm);
    await eventually(
      async () => (await db.select().from(subscriptions).where(eq(subscriptions.id, started.subscriptionId)))[0]?.status === 'active',
      15_000,
      'active',
    );
    const oneTime = await priceIdOf('credits_100');
    const stranger = await createTestUser();
    const retired = await h.stripe.prices.create({
      product: (await h.stripe.prices.retrieve(proMonthly)).product as string,
      unit_amount: 100,
      currency: 'usd',
      recurring: { interval: 'month' },
    });
    await h.stripe.prices.update(retired.id, { active: false });
    await eventually(
      async () => (await db.select().from(prices).where(eq(prices.id, retired.id)))[0]?.active === false,
      10_000,
      'retired price mirrored',
    );

    const calls = await stripeCallsDuring(async () => {
      expect(await rejectionOf(startSubscription(stranger, 'price_does_not_exist'))).toMatchObject({
        status: 422,
        details: { fields: { priceId: ['This plan is not available.'] } },
      });
      expect(await rejectionOf(startSubscription(stranger, oneTime))).toMatchObject({ status: 422 });
      expect(await rejectionOf(startSubscription(stranger, retired.id))).toMatchObject({ status: 422 });
      expect(await rejectionOf(startSubscription(stranger, ''))).toMatchObject({ status: 422 });
      expect(await rejectionOf(startSubscription(owner, proMonthly))).toMatchObject({ status: 409 });
      // Someone else's subscription does not exist for this user.
      expect(await rejectionOf(cancelAtPeriodEnd(stranger, started.subscriptionId))).toMatchObject({ status: 404 });
      expect(await rejectionOf(changePlan(stranger, started.subscriptionId, { priceId: starterMonthly }))).toMatchObject({ status: 404 });
      expect(await rejectionOf(previewPlanChange(stranger, started.subscriptionId, starterMonthly))).toMatchObject({ status: 404 });
      expect(await rejectionOf(resumeSubscription(owner, started.subscriptionId))).toMatchObject({
        status: 409,
        message: 'This subscription is not set to cancel.',
      });
      expect(await rejectionOf(previewPlanChange(owner, started.subscriptionId, proMonthly))).toMatchObject({
        status: 409,
        message: 'You are already on this plan.',
      });
      expect(await rejectionOf(changePlan(owner, started.subscriptionId, { priceId: starterYearly }))).toMatchObject({ status: 422 });
      expect(await rejectionOf(changePlan(owner, 'sub_../../etc', { priceId: starterYearly }))).toMatchObject({ status: 404 });
      expect(await rejectionOf(startCardUpdate(stranger, started.subscriptionId))).toMatchObject({ status: 404 });
      expect(await rejectionOf(finishCardUpdate(owner, started.subscriptionId, 'seti_x"; drop'))).toMatchObject({ status: 422 });
      expect(await rejectionOf(changePlan(owner, started.subscriptionId, { priceId: await priceIdOf('pro_yearly') }))).toMatchObject({
        status: 422,
        message: 'Preview the change before confirming it.',
      });
    });
    expect(calls).toEqual([]);

    await cancelAtPeriodEnd(owner, started.subscriptionId);
    const twice = await stripeCallsDuring(async () => {
      expect(await rejectionOf(cancelAtPeriodEnd(owner, started.subscriptionId))).toMatchObject({
        status: 409,
        message: expect.stringMatching(/^This subscription is already set to end on /),
      });
      expect(await rejectionOf(previewPlanChange(owner, started.subscriptionId, starterMonthly))).toMatchObject({
        status: 409,
        message: 'Resume your subscription before changing plan.',
      });
    });
    expect(twice).toEqual([]);
    await settled(h);
  });
});

describe('trial', () => {
  it('starts trialing without a charge, collects the card with a SetupIntent, and turns active when the clock passes the trial', async () => {
    const { user, clock } = await clockedUser(h);
    const started = await startSubscription(user, starterMonthly);
    expect(started).toMatchObject({ status: 'trialing', amount: 0, confirm: { kind: 'setup' } });
    expect(started.confirm?.clientSecret).toMatch(/^seti_.+_secret_/);
    expect(await entitlementsFor(user)).toMatchObject({ tier: 'starter', reason: 'trialing' });
    await confirmInBrowser(h, started.confirm);
    await settled(h);
    const trialing = await expectBillingMatchesStripe(h, user, started.subscriptionId);
    expect(trialing.status).toBe('trialing');
    const overview = await billingOverview(user, user.id);
    expect(overview.subscription).toMatchObject({ needsCard: false, card: { brand: 'visa', last4: '4242' } });
    expect(overview.invoices.every((i) => i.amountDue === 0)).toBe(true);
    // A plan change during the trial charges nothing now: the new price is first billed when the trial ends.
    const duringTrial = await previewPlanChange(user, started.subscriptionId, proMonthly);
    expect(duringTrial).toMatchObject({
      timing: 'now',
      chargedNow: false,
      amountDue: 2900,
      billedAt: new Date(trialing.trial_end! * 1000).toISOString(),
    });

    await advanceClock(h, clock.id, trialing.trial_end! + 2 * HOUR);
    const active = await expectBillingMatchesStripe(h, user, started.subscriptionId);
    expect(active.status).toBe('active');
    const paid = (await billingOverview(user, user.id)).invoices.find((i) => i.billingReason === 'subscription_cycle');
    expect(paid).toMatchObject({ status: 'paid', amountPaid: 900 });
    expect(await entitlementsFor(user)).toMatchObject({ tier: 'starter', reason: 'active' });
    const warned = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, started.subscriptionId), eq(auditLog.action, 'subscription.trial_will_end')));
    expect(warned).toHaveLength(1);

    // One trial per customer: a later subscription to the same plan is charged at once.
    await h.stripe.subscriptions.cancel(started.subscriptionId);
    await settled(h);
    const again = await startSubscription(user, starterMonthly);
    expect(again).toMatchObject({ status: 'incomplete', amount: 900, confirm: { kind: 'payment' } });
  });
});
