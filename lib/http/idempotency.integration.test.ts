import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { idempotencyKeys, payments } from '@/db/schema';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { createPaymentIntent, type CreateIntentInput } from '@/lib/payments/intents';
import { startHarness, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { createTestUser } from '@/scripts/test/users';
import { idempotent } from './idempotency';

let h: Harness;
let priceId: string;
beforeAll(async () => {
  h = await startHarness();
  await seedCatalog();
  priceId = await priceIdOf();
});
afterAll(() => h?.stop());

type User = Awaited<ReturnType<typeof createTestUser>>;
const createOnce = (user: User, key: string, input: CreateIntentInput) =>
  idempotent({ userId: user.id, key, scope: 'payments.create-intent', request: input }, async (paymentId) => ({
    status: 201,
    body: await createPaymentIntent(user, input, { paymentId }),
  }));
const intentsOf = async (customer: string) => (await h.stripe.paymentIntents.list({ customer, limit: 100 })).data;

describe('Idempotency-Key on our payment API', () => {
  it('a replay returns the stored response and creates nothing new', async () => {
    const user = await createTestUser();
    const first = await createOnce(user, 'key-replay-0001', { priceId, quantity: 2 });
    const again = await createOnce(user, 'key-replay-0001', { priceId, quantity: 2 });
    expect(first).toMatchObject({ status: 201, replayed: false });
    expect(again).toMatchObject({ status: 201, replayed: true, body: first.body });
    expect(await db.select().from(payments).where(eq(payments.userId, user.id))).toHaveLength(1);
    expect(await intentsOf(user.stripeCustomerId!)).toHaveLength(1);
  });

  it('the same key with another body is refused with 422 before any work', async () => {
    const user = await createTestUser();
    await createOnce(user, 'key-mismatch-01', { priceId, quantity: 1 });
    await expect(createOnce(user, 'key-mismatch-01', { priceId, quantity: 5 })).rejects.toMatchObject({
      status: 422,
      message: 'This Idempotency-Key was already used with a different request.',
    });
    expect(await intentsOf(user.stripeCustomerId!)).toHaveLength(1);
  });

  it('a duplicate while the first is in flight gets 409; the first completes once', async () => {
    const user = await createTestUser();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = idempotent({ userId: user.id, key: 'key-inflight-01', scope: 's', request: { a: 1 } }, async () => {
      await gate;
      return { status: 201, body: { done: true } };
    });
    await new Promise((r) => setTimeout(r, 50));
    await expect(
      idempotent({ userId: user.id, key: 'key-inflight-01', scope: 's', request: { a: 1 } }, async () => ({ status: 201, body: {} })),
    ).rejects.toMatchObject({ status: 409 });
    release();
    expect(await slow).toMatchObject({ status: 201, body: { done: true }, replayed: false });
  });

  it('ten concurrent identical requests make one PaymentIntent', async () => {
    const user = await createTestUser();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => createOnce(user, 'key-concurrent-1', { priceId, quantity: 1 })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const conflicts = results.filter((r) => r.status === 'rejected' && (r.reason as { status?: number }).status === 409);
    expect(ok.length + conflicts.length).toBe(10);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    const [fresh] = await db.select().from(payments).where(eq(payments.userId, user.id));
    expect(await db.select().from(payments).where(eq(payments.userId, user.id))).toHaveLength(1);
    expect(await intentsOf(fresh!.stripeCustomerId!)).toHaveLength(1);
  });

  it('client errors are stored and replayed like Stripe does (no second attempt)', async () => {
    const user = await createTestUser();
    const bad = await createOnce(user, 'key-badprice-01', { priceId: 'price_nope', quantity: 1 });
    expect(bad).toMatchObject({ status: 422, replayed: false });
    expect(await createOnce(user, 'key-badprice-01', { priceId: 'price_nope', quantity: 1 })).toMatchObject({
      status: 422,
      replayed: true,
    });
    expect((await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.userId, user.id)))[0]?.state).toBe('completed');
  });
});

describe('Stripe faults', () => {
  it('two 500s on POST /v1/payment_intents: the SDK retries with the same key → one intent', async () => {
    const user = await createTestUser();
    h.emulator.injectFault({ method: 'POST', path: '/v1/payment_intents', count: 2, kind: 'error', status: 500 });
    const result = await createPaymentIntent(user, { priceId, quantity: 1 });
    expect(result.status).toBe('requires_payment_method');
    expect(await intentsOf(user.stripeCustomerId!)).toHaveLength(1);
    expect(await db.select().from(payments).where(eq(payments.userId, user.id))).toHaveLength(1);
  });
});
