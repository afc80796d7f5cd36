import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { alerts } from '@/db/schema';
import { startHarness, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { finishCardUpdate, startCardUpdate } from './card';
import { seedCatalog } from './catalog-seed';
import { entitlementsFor, mayUse } from './entitlements';
import { billingMetrics } from './metrics';
import { billingOverview, openInvoicePayment } from './overview';
import { INVOICE_PAYMENT_FAILED } from './payment-failures';
import { startSubscription } from './start';
import { advanceClock, clockedUser, confirmInBrowser, DAY, expectBillingMatchesStripe, HOUR, intentIdOf, settled } from './test-fixtures';

let h: Harness;
let proMonthly: string;
beforeAll(async () => {
  h = await startHarness({ worker: true });
  await seedCatalog();
  proMonthly = await priceIdOf('pro_monthly');
});
afterAll(() => h?.stop());

/** An active Pro subscription whose card starts failing before the first renewal, which then fails. */
async function pastDue() {
  const { user, clock, customerId } = await clockedUser(h);
  const started = await startSubscription(user, proMonthly);
  await confirmInBrowser(h, started.confirm);
  await settled(h);
  const failing = await h.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customerId });
  const sub = await h.stripe.subscriptions.update(started.subscriptionId, { default_payment_method: failing.id });
  const periodEnd = sub.items.data[0]!.current_period_end;
  await advanceClock(h, clock.id, periodEnd + 2 * HOUR);
  const now = await expectBillingMatchesStripe(h, user, started.subscriptionId);
  expect(now.status).toBe('past_due');
  return { user, clock, subscriptionId: started.subscriptionId, periodEnd };
}

async function failureAlerts(subscriptionId: string) {
  return (await db.select().from(alerts).where(eq(alerts.kind, INVOICE_PAYMENT_FAILED))).filter(
    (a) => a.data.subscriptionId === subscriptionId,
  );
}

/** The bank's challenge, completed in the browser (what Stripe.js drives in its 3-D Secure modal). */
async function completeChallenge(clientSecret: string): Promise<void> {
  const response = await fetch(`${h.emulatorUrl}/3ds/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ intent: intentIdOf(clientSecret), client_secret: clientSecret, outcome: 'complete' }),
  });
  expect(response.status).toBe(200);
}

/** What the browser does with a SetupIntent's client secret on the card form (3-D Secure included). */
async function confirmSetup(clientSecret: string, paymentMethod: string): Promise<string> {
  const si = await h.stripe.setupIntents.confirm(intentIdOf(clientSecret), { payment_method: paymentMethod });
  if (si.status === 'requires_action') await completeChallenge(clientSecret);
  expect((await h.stripe.setupIntents.retrieve(si.id)).status).toBe('succeeded');
  return si.id;
}

describe('dunning', () => {
  it('a failing renewal → past_due with an alert → card replaced → invoice paid → active', async () => {
    const metricsBefore = await billingMetrics();
    const { user, subscriptionId } = await pastDue();
    const overview = await billingOverview(user, user.id);
    expect(overview.dunning).toMatchObject({
      needsAuthentication: false,
      invoice: { status: 'open', amountRemaining: 2900, attemptCount: 1 },
    });
    expect(overview.entitlement).toMatchObject({ tier: 'pro', reason: 'past_due_grace' });
    const raised = await failureAlerts(subscriptionId);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ severity: 'warning', resolvedAt: null });
    expect((await billingMetrics()).failedInvoicePayments).toBe(metricsBefore.failedInvoicePayments + 1);

    const { clientSecret } = await startCardUpdate(user, subscriptionId);
    const setupIntentId = await confirmSetup(clientSecret, 'pm_card_visa');
    const result = await finishCardUpdate(user, subscriptionId, setupIntentId);
    expect(result.payment).toMatchObject({ status: 'paid', amount: 2900 });
    await settled(h);
    const recovered = await expectBillingMatchesStripe(h, user, subscriptionId);
    expect(recovered.status).toBe('active');
    const after = await billingOverview(user, user.id);
    expect(after.dunning).toBeNull();
    expect(after.subscription?.card).toMatchObject({ brand: 'visa', last4: '4242' });
    expect(after.invoices.filter((i) => i.status === 'paid')).toHaveLength(2);
    expect(await entitlementsFor(user)).toMatchObject({ tier: 'pro', reason: 'active' });
  });

  it('the retry asks for 3-D Secure: the browser authenticates the open invoice and it is paid', async () => {
    const { user, subscriptionId } = await pastDue();
    const { clientSecret } = await startCardUpdate(user, subscriptionId);
    const setupIntentId = await confirmSetup(clientSecret, 'pm_card_authenticationRequired');
    const result = await finishCardUpdate(user, subscriptionId, setupIntentId);
    expect(result.payment).toMatchObject({ status: 'requires_action' });
    await settled(h);
    expect((await billingOverview(user, user.id)).dunning).toMatchObject({ needsAuthentication: true });
    const pending = await openInvoicePayment(user, subscriptionId);
    expect(pending).toMatchObject({ status: 'requires_action', clientSecret: result.payment!.clientSecret });

    await completeChallenge(pending.clientSecret!);
    await settled(h);
    expect((await expectBillingMatchesStripe(h, user, subscriptionId)).status).toBe('active');
    expect((await billingOverview(user, user.id)).dunning).toBeNull();
  });

  it('retries exhausted → canceled, not entitled, one alert per failed attempt', async () => {
    const { user, clock, subscriptionId, periodEnd } = await pastDue();
    let now = periodEnd + 2 * HOUR;
    for (let i = 0; i < 4; i++) {
      now += 8 * DAY;
      await advanceClock(h, clock.id, now);
      if ((await h.stripe.subscriptions.retrieve(subscriptionId)).status !== 'past_due') break;
    }
    const ended = await expectBillingMatchesStripe(h, user, subscriptionId);
    expect(ended).toMatchObject({ status: 'canceled', cancellation_details: { reason: 'payment_failed' } });
    expect(await entitlementsFor(user)).toMatchObject({ tier: 'none', reason: 'ended' });
    expect(await mayUse(user, 'projects')).toBe(false);
    const raised = await failureAlerts(subscriptionId);
    expect(raised).toHaveLength(4);
    expect(raised.filter((a) => a.severity === 'critical')).toHaveLength(1);
  });
});
