import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { payments } from '@/db/schema';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { startHarness, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { createTestUser } from '@/scripts/test/users';
import { getPayment } from './history';
import { createPaymentIntent } from './intents';
import { reconcileStalePayments } from './reconcile';

let h: Harness;
let priceId: string;
beforeAll(async () => {
  // Short timeout, no SDK retries: a hung Stripe call surfaces at once.
  h = await startHarness({ env: { STRIPE_TIMEOUT_MS: '300', STRIPE_MAX_NETWORK_RETRIES: '0' } });
  await seedCatalog();
  priceId = await priceIdOf('credits_500');
});
afterAll(() => h?.stop());

describe('timeouts and reconciliation', () => {
  it('a create that times out leaves the payment unknown; reconciliation settles it with no second intent', async () => {
    const user = await createTestUser();
    // Stripe creates the intent but the answer never arrives.
    h.emulator.injectFault({ method: 'POST', path: '/v1/payment_intents', kind: 'hang', phase: 'after', ms: 2_000, count: 1 });
    await expect(createPaymentIntent(user, { priceId, quantity: 1 })).rejects.toMatchObject({ code: 'stripe_timeout', status: 504 });
    const [unknown] = await db.select().from(payments).where(eq(payments.userId, user.id));
    expect(unknown).toMatchObject({ status: 'unknown', stripePaymentIntentId: null });

    const { checked, failed } = await reconcileStalePayments({ olderThanMs: -1_000 });
    expect(checked).toBeGreaterThanOrEqual(1);
    expect(failed).toBe(0);
    const [settled] = await db.select().from(payments).where(eq(payments.id, unknown!.id));
    expect(settled).toMatchObject({ status: 'requires_payment_method' });
    const intents = (await h.stripe.paymentIntents.list({ customer: user.stripeCustomerId!, limit: 10 })).data;
    expect(intents.map((i) => i.id)).toEqual([settled!.stripePaymentIntentId]);
  });

  it('the payment page re-reads a stale pending payment from Stripe instead of waiting for a webhook', async () => {
    const user = await createTestUser();
    const { paymentId } = await createPaymentIntent(user, { priceId, quantity: 1 });
    const [row] = await db.select().from(payments).where(eq(payments.id, paymentId));
    // No webhook endpoint reaches this row's update: the harness worker is off.
    await h.stripe.paymentIntents.confirm(row!.stripePaymentIntentId!, {
      payment_method: 'pm_card_visa',
      return_url: 'http://localhost/r',
    });
    expect((await getPayment(user, paymentId)).status).toBe('pending');
    await db
      .update(payments)
      .set({ updatedAt: new Date(Date.now() - 10_000) })
      .where(eq(payments.id, paymentId));
    const view = await getPayment(user, paymentId);
    expect(view).toMatchObject({ status: 'succeeded', card: { brand: 'visa', last4: '4242' } });
  });

  it('someone else’s payment is not found', async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    const { paymentId } = await createPaymentIntent(owner, { priceId, quantity: 1 });
    await expect(getPayment(other, paymentId)).rejects.toMatchObject({ code: 'not_found', status: 404 });
    await expect(getPayment(other, 'not-a-uuid')).rejects.toMatchObject({ code: 'not_found' });
  });
});
