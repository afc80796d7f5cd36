import { eq, inArray } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '@/emulator/server';
import { db } from '@/db';
import { payments, prices, refunds, stripeEvents } from '@/db/schema';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { resetEnvCache } from '@/lib/env';
import { createPaymentIntent } from '@/lib/payments/intents';
import { reconcilePayment } from '@/lib/payments/reconcile';
import { requestRefund } from '@/lib/payments/refunds';
import { eventually, startHarness, type Harness } from '@/scripts/test/harness';
import { createTestUser } from '@/scripts/test/users';
import { breakerFor, resetBreakers } from './accounts';
import { UNAVAILABLE_MESSAGE } from './breaker';

const FALLBACK_SECRET = 'whsec_fallback_outage_test';
let h: Harness;
let fallback: EmulatorHandle;
let fallbackStripe: Stripe;
let priceId: string;

beforeAll(async () => {
  // The fallback emulator delivers to the same webhook route, signed with its own secret.
  const config = (await (await fetch(`${(await startHarnessOnce()).emulatorUrl}/_emulator/config`)).json()) as { webhookUrl: string };
  fallback = await startEmulator({ port: 0, webhookUrl: config.webhookUrl, webhookSecret: FALLBACK_SECRET, retrySchedule: [200, 500] });
  Object.assign(process.env, {
    STRIPE_FALLBACK_SECRET_KEY: 'sk_test_fallback',
    NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY: 'pk_test_fallback',
    STRIPE_FALLBACK_WEBHOOK_SECRET: FALLBACK_SECRET,
    STRIPE_FALLBACK_EMULATOR_URL: fallback.url,
  });
  resetEnvCache();
  const url = new URL(fallback.url);
  fallbackStripe = new Stripe('sk_test_fallback', { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
  await seedCatalog();
  priceId = (await db.select().from(prices).where(eq(prices.lookupKey, 'credits_100')))[0]!.id;
});

async function startHarnessOnce(): Promise<Harness> {
  h = await startHarness({
    worker: true,
    env: { STRIPE_BREAKER_THRESHOLD: '2', STRIPE_BREAKER_COOLDOWN_MS: '400', STRIPE_MAX_NETWORK_RETRIES: '0' },
  });
  return h;
}

afterAll(async () => {
  await h?.stop();
  await fallback?.stop();
});

beforeEach(() => {
  resetBreakers();
  h.emulator.clearFaults();
  delete (globalThis as { paydeckStripeFallback?: unknown }).paydeckStripeFallback;
});

async function quiet(): Promise<void> {
  await h.emulator.settle();
  await eventually(
    async () =>
      (
        await db
          .select()
          .from(stripeEvents)
          .where(inArray(stripeEvents.status, ['pending', 'failed']))
      ).length === 0,
    15_000,
    'the inbox to drain',
  );
}

const rowsOf = (userId: string) => db.select().from(payments).where(eq(payments.userId, userId));

describe('circuit breaker around Stripe', () => {
  it('opens after consecutive 5xx, then fails fast without writing a row or calling Stripe, and closes after a good probe', async () => {
    // With the fallback switched off for this case, an open primary means no payments at all.
    process.env.STRIPE_FALLBACK_SECRET_KEY = '';
    process.env.NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY = '';
    resetEnvCache();
    try {
      const user = await createTestUser();
      await createPaymentIntent(user, { priceId, quantity: 1 }); // the customer exists before the outage
      await quiet(); // no webhook handler's Stripe call may succeed between the failures ("consecutive")
      h.emulator.injectFault({ method: 'POST', path: '/v1/payment_intents', kind: 'error', status: 500, count: 2 });
      for (let i = 0; i < 2; i++)
        await expect(createPaymentIntent(user, { priceId, quantity: 1 })).rejects.toMatchObject({ code: 'stripe_unavailable' });
      expect(breakerFor('primary').snapshot().state).toBe('open');
      const before = (await rowsOf(user.id)).length;
      const listed = (await h.stripe.paymentIntents.list({ limit: 100 })).data.length;
      const started = performance.now();
      await expect(createPaymentIntent(user, { priceId, quantity: 1 })).rejects.toMatchObject({
        code: 'stripe_unavailable',
        status: 503,
        message: UNAVAILABLE_MESSAGE,
      });
      expect(performance.now() - started).toBeLessThan(100);
      expect((await rowsOf(user.id)).length).toBe(before);
      expect((await h.stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(listed);
      // The two rows whose calls reached Stripe are `unknown`, for reconciliation; nothing else was written.
      expect((await rowsOf(user.id)).filter((r) => r.status === 'unknown')).toHaveLength(2);

      await new Promise((r) => setTimeout(r, 450));
      const probe = await createPaymentIntent(user, { priceId, quantity: 1 });
      expect(probe).toMatchObject({ status: 'requires_payment_method', account: 'primary' });
      expect(breakerFor('primary').snapshot().state).toBe('closed');
    } finally {
      process.env.STRIPE_FALLBACK_SECRET_KEY = 'sk_test_fallback';
      process.env.NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY = 'pk_test_fallback';
      resetEnvCache();
    }
  });
});

describe('failover to the fallback account', () => {
  it('takes new payments on the fallback while the primary is down; webhooks, reconciliation and refunds follow the account', async () => {
    const user = await createTestUser();
    await createPaymentIntent(user, { priceId, quantity: 1 });
    await quiet();
    h.emulator.injectFault({ method: 'POST', path: '/v1/**', kind: 'error', status: 500, count: 1_000 });
    h.emulator.injectFault({ method: 'GET', path: '/v1/**', kind: 'error', status: 500, count: 1_000 });
    for (let i = 0; i < 2; i++)
      await expect(createPaymentIntent(user, { priceId, quantity: 1 })).rejects.toMatchObject({ code: 'stripe_unavailable' });

    const taken = await createPaymentIntent(user, { priceId, quantity: 2 });
    expect(taken).toMatchObject({
      account: 'fallback',
      publishableKey: 'pk_test_fallback',
      status: 'requires_payment_method',
      amount: 2000,
    });
    const [row] = await db.select().from(payments).where(eq(payments.id, taken.paymentId));
    expect(row).toMatchObject({ stripeAccount: 'fallback', stripeCustomerId: null });
    const intent = await fallbackStripe.paymentIntents.retrieve(row!.stripePaymentIntentId!);
    expect(intent.metadata.payment_id).toBe(taken.paymentId);
    await expect(h.stripe.paymentIntents.retrieve(row!.stripePaymentIntentId!)).rejects.toThrow();

    // The browser confirms with the fallback's publishable key; its webhooks settle our row.
    await fallbackStripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa', return_url: 'http://localhost/r' });
    const settled = await eventually(
      async () => {
        const [p] = await db.select().from(payments).where(eq(payments.id, taken.paymentId));
        return p?.status === 'succeeded' && p.cardLast4 ? p : undefined;
      },
      15_000,
      'the fallback payment to succeed through its webhooks',
    );
    expect(settled.stripeAccount).toBe('fallback');
    // Reconciliation reads the fallback account even while the primary is failing.
    expect((await reconcilePayment(settled))?.status).toBe('succeeded');

    // Back to normal: the primary recovers, a refund of the fallback payment goes to the fallback account.
    h.emulator.clearFaults();
    await new Promise((r) => setTimeout(r, 450));
    const admin = await createTestUser({ role: 'admin' });
    const outcome = await requestRefund(admin, { paymentId: taken.paymentId, amount: 500, reason: 'requested_by_customer' });
    expect(outcome.refund?.stripeRefundId).toMatch(/^re_/);
    const onFallback = await fallbackStripe.refunds.list({ payment_intent: intent.id });
    expect(onFallback.data.map((r) => r.id)).toEqual([outcome.refund!.stripeRefundId]);
    await eventually(
      async () => {
        const [r] = await db.select().from(refunds).where(eq(refunds.paymentId, taken.paymentId));
        return r?.status === 'succeeded' ? r : undefined;
      },
      15_000,
      'the fallback refund to settle',
    );

    const next = await createPaymentIntent(user, { priceId, quantity: 1 });
    expect(next.account).toBe('primary');
  });
});
