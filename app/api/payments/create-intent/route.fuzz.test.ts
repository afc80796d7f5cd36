// Property tests on POST /api/payments/create-intent: whatever the body, headers or caller, no 5xx
// and no internals in the answer; a refused body changes nothing (no payment row, no intent); an
// accepted one is charged exactly price × quantity in the price's currency.
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { payments, prices } from '@/db/schema';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { appRequest, callRoute } from '@/lib/security/fuzz/request-scope';
import { expectSafeAnswer, hostileJson, hostileNumber, hostileString } from '@/lib/security/fuzz/properties';
import { startHarness, type Harness } from '@/scripts/test/harness';
import { createTestUser } from '@/scripts/test/users';
import { POST } from './route';

let h: Harness;
let catalog: { id: string; unitAmount: number; currency: string; type: string }[];
beforeAll(async () => {
  h = await startHarness();
  await seedCatalog();
  catalog = (await db.select().from(prices)).map((p) => ({ id: p.id, unitAmount: p.unitAmount ?? 0, currency: p.currency, type: p.type }));
});
afterAll(() => h?.stop());

const send = async (body: string, userId: string | undefined, headers: Record<string, string> = {}) =>
  callRoute(
    POST,
    await appRequest(
      '/api/payments/create-intent',
      { method: 'POST', body, headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...headers } },
      { userId },
    ),
    {},
  );
// Header values are bytes: what a client can send at all is printable Latin-1.
const headerSafe = (value: string) => value.replace(/[^\x20-\x7e\xa0-\xff]/g, '');
const rowsOf = async (userId: string) => (await db.select().from(payments).where(eq(payments.userId, userId))).length;

/** Bodies of the real shape (every price, quantities around the limits), near it (extra or odd fields) and anything else. */
const body = () =>
  fc.oneof(
    {
      weight: 2,
      arbitrary: fc.record(
        {
          priceId: fc.constantFrom(...catalog.map((c) => c.id)),
          quantity: fc.integer({ min: -5, max: 120 }),
          savePaymentMethod: fc.boolean(),
        },
        { requiredKeys: ['priceId', 'quantity'] },
      ),
    },
    fc.record(
      {
        priceId: fc.oneof(fc.constantFrom(...catalog.map((c) => c.id)), hostileString),
        quantity: fc.oneof(fc.integer({ min: 1, max: 100 }), hostileNumber, hostileString),
        savePaymentMethod: fc.oneof(fc.boolean(), hostileJson),
        amount: hostileNumber,
        currency: fc.constantFrom('usd', 'jpy', 'eur', 'USD'),
      },
      { requiredKeys: [] },
    ),
    hostileJson,
  );

describe('POST /api/payments/create-intent under fuzzing', () => {
  it('signed in: no 5xx; refused bodies change nothing; accepted ones cost price × quantity', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body(), async (input) => {
        // A fresh customer per run, so the per-user rate limit never answers for the parser.
        const user = await createTestUser();
        const { status, text } = await expectSafeAnswer(await send(JSON.stringify(input), user.id), [201, 400, 413, 422]);
        if (status !== 201) {
          expect(await rowsOf(user.id)).toBe(0);
          return;
        }
        accepted++;
        const price = catalog.find((c) => c.id === (input as { priceId: string }).priceId)!;
        const quantity = (input as { quantity: number }).quantity;
        expect(price.type).toBe('one_time');
        expect(JSON.parse(text)).toMatchObject({ amount: price.unitAmount * quantity, currency: price.currency });
        const [row] = await db.select().from(payments).where(eq(payments.userId, user.id));
        expect(row).toMatchObject({ amount: price.unitAmount * quantity, currency: price.currency, quantity });
        expect((await h.stripe.paymentIntents.retrieve(row!.stripePaymentIntentId!)).amount).toBe(price.unitAmount * quantity);
      }),
      { numRuns: 60 },
    );
    expect(accepted, 'some generated bodies were valid purchases').toBeGreaterThan(0);
  });

  it('raw bodies of any bytes and content type: no 5xx, nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 2000 }), fc.constant('x'.repeat(20_000))),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8', ''),
        async (raw, type) => {
          const user = await createTestUser();
          await expectSafeAnswer(await send(raw, user.id, { 'content-type': type }), [400, 413, 415, 422]);
          expect(await rowsOf(user.id)).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('anonymous, or with a bad Idempotency-Key or Origin: refused, nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        body(),
        fc.oneof(fc.constant(undefined), hostileString),
        fc.constantFrom(undefined, null, 'https://evil.example', 'null'),
        async (input, key, origin) => {
          const before = (await db.select().from(payments)).length;
          const anonymous = await callRoute(
            POST,
            await appRequest(
              '/api/payments/create-intent',
              { method: 'POST', body: JSON.stringify(input), headers: { 'content-type': 'application/json' } },
              { origin },
            ),
            {},
          );
          await expectSafeAnswer(anonymous, [401, 403]);
          const user = await createTestUser();
          const headers: Record<string, string> = {
            'content-type': 'application/json',
            ...(key === undefined ? {} : { 'idempotency-key': headerSafe(key) }),
          };
          const keyed = await callRoute(
            POST,
            await appRequest(
              '/api/payments/create-intent',
              { method: 'POST', body: JSON.stringify(input), headers },
              { userId: user.id, origin },
            ),
            {},
          );
          await expectSafeAnswer(keyed, [201, 400, 403, 413, 422]);
          if (keyed.status !== 201) expect((await db.select().from(payments)).length).toBe(before);
        },
      ),
      { numRuns: 40 },
    );
  });
});
