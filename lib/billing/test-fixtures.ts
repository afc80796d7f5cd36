// Test-only helpers for the billing integration tests (never imported by the app): users whose
// Stripe customer lives on a test clock, clock advancing, waiting for webhooks to be processed,
// and the check that what /billing shows equals Stripe's own objects.
import { eq, inArray } from 'drizzle-orm';
import type Stripe from 'stripe';
import { expect } from 'vitest';
import { db } from '@/db';
import { stripeEvents, users, type User } from '@/db/schema';
import { eventually, type Harness } from '@/scripts/test/harness';
import { createTestUser } from '@/scripts/test/users';
import { billingOverview } from './overview';

export const HOUR = 3_600;
export const DAY = 86_400;

/** A user whose Stripe customer is on a fresh test clock frozen at `start` (default: now). */
export async function clockedUser(
  h: Harness,
  start = Math.floor(Date.now() / 1000),
): Promise<{ user: User; clock: Stripe.TestHelpers.TestClock; customerId: string }> {
  const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: start, name: 'billing integration' });
  const email = `clock-${clock.id.slice(-8).toLowerCase()}@example.com`;
  const user = await createTestUser({ email });
  const customer = await h.stripe.customers.create({ email, test_clock: clock.id, metadata: { user_id: user.id } });
  await db.update(users).set({ stripeCustomerId: customer.id }).where(eq(users.id, user.id));
  return { user: { ...user, stripeCustomerId: customer.id }, clock, customerId: customer.id };
}

/** Advances a test clock to `to` and waits until Stripe has run everything due, and our worker has processed the events. */
export async function advanceClock(h: Harness, clockId: string, to: number): Promise<void> {
  await h.stripe.testHelpers.testClocks.advance(clockId, { frozen_time: to });
  await eventually(async () => (await h.stripe.testHelpers.testClocks.retrieve(clockId)).status === 'ready', 60_000, 'test clock ready');
  await settled(h);
}

/** Waits until every webhook was delivered and every stored event processed by the worker. */
export async function settled(h: Harness, timeoutMs = 30_000): Promise<void> {
  expect(await h.emulator.settle(timeoutMs)).toBe(true);
  await eventually(
    async () =>
      (
        await db
          .select({ id: stripeEvents.id })
          .from(stripeEvents)
          .where(inArray(stripeEvents.status, ['pending', 'failed']))
      ).length === 0,
    timeoutMs,
    'events processed',
  );
}

/** The PaymentIntent id inside a client secret (`pi_…_secret_…`). */
export const intentIdOf = (clientSecret: string) => clientSecret.split('_secret_')[0]!;

/** What the browser does on the checkout page: confirms the first invoice's PaymentIntent (or the trial's SetupIntent) with a card. */
export async function confirmInBrowser(
  h: Harness,
  confirm: { kind: 'payment' | 'setup'; clientSecret: string } | null,
  paymentMethod = 'pm_card_visa',
): Promise<void> {
  if (!confirm) throw new Error('nothing to confirm');
  const id = intentIdOf(confirm.clientSecret);
  if (confirm.kind === 'payment') await h.stripe.paymentIntents.confirm(id, { payment_method: paymentMethod });
  else await h.stripe.setupIntents.confirm(id, { payment_method: paymentMethod });
}

const seconds = (iso: string | null) => (iso === null ? null : Math.floor(new Date(iso).getTime() / 1000));

/**
 * Asserts that what /billing renders for `user` (its overview) is exactly Stripe's current
 * subscription and invoices: plan, status, period, cancellation, trial, amounts and links.
 */
export async function expectBillingMatchesStripe(h: Harness, user: User, subscriptionId: string): Promise<Stripe.Subscription> {
  const sub = await h.stripe.subscriptions.retrieve(subscriptionId, { expand: ['items.data.price.product'] });
  const overview = await billingOverview(user, user.id);
  const view = overview.subscription;
  const item = sub.items.data[0]!;
  const product = item.price.product as Stripe.Product;
  expect(view, 'the page shows a subscription').not.toBeNull();
  expect({
    id: view!.id,
    status: view!.status,
    priceId: view!.priceId,
    planName: view!.planName,
    planKey: view!.planKey,
    unitAmount: view!.unitAmount,
    currentPeriodStart: seconds(view!.currentPeriodStart),
    currentPeriodEnd: seconds(view!.currentPeriodEnd),
    cancelAtPeriodEnd: view!.cancelAtPeriodEnd,
    cancelAt: seconds(view!.cancelAt),
    trialEnd: seconds(view!.trialEnd),
    endedAt: seconds(view!.endedAt),
  }).toEqual({
    id: sub.id,
    status: sub.status,
    priceId: item.price.id,
    planName: product.name,
    planKey: product.metadata.plan ?? null,
    unitAmount: item.price.unit_amount,
    currentPeriodStart: item.current_period_start,
    currentPeriodEnd: item.current_period_end,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    cancelAt: sub.cancel_at,
    trialEnd: sub.trial_end,
    endedAt: sub.ended_at,
  });
  const [dbUser] = await db.select({ status: users.subscriptionStatus }).from(users).where(eq(users.id, user.id));
  expect(dbUser?.status).toBe(sub.status);

  const stripeInvoices = (await h.stripe.invoices.list({ subscription: sub.id, limit: 100 })).data.filter((i) => i.status !== 'draft');
  const shown = overview.invoices.filter((i) => stripeInvoices.some((s) => s.id === i.id));
  expect(
    shown
      .map((i) => ({
        id: i.id,
        number: i.number,
        status: i.status,
        total: i.total,
        amountPaid: i.amountPaid,
        amountDue: i.amountDue,
        hosted: i.hostedInvoiceUrl,
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  ).toEqual(
    stripeInvoices
      .map((i) => ({
        id: i.id!,
        number: i.number,
        status: i.status,
        total: i.total,
        amountPaid: i.amount_paid,
        amountDue: i.amount_due,
        hosted: i.hosted_invoice_url ?? null,
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  );
  return sub;
}
