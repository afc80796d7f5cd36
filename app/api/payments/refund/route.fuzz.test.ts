// Property tests on POST /api/payments/refund: as an admin, any body gets a 2xx or a 4xx with no
// internals, and a refused one creates no refund and no refund request; customers get 403 and
// visitors 401 whatever they send.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { payments, refundRequests, refunds } from '@/db/schema';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { createPaymentIntent } from '@/lib/payments/intents';
import { expectSafeAnswer, hostileJson, hostileNumber, hostileString } from '@/lib/security/fuzz/properties';
import { appRequest, callRoute } from '@/lib/security/fuzz/request-scope';
import { startHarness, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { createTestUser } from '@/scripts/test/users';
import { POST } from './route';

let h: Harness;
let paymentId: string;
beforeAll(async () => {
  h = await startHarness();
  await seedCatalog();
  // A payment that was never paid: refunding it must be refused, whatever the amount.
  paymentId = (await createPaymentIntent(await createTestUser(), { priceId: await priceIdOf(), quantity: 1 })).paymentId;
});
afterAll(() => h?.stop());

const counts = async () =>
  `${(await db.select().from(refunds)).length}/${(await db.select().from(refundRequests)).length}/${JSON.stringify(await db.select({ r: payments.amountRefunded }).from(payments))}`;
const body = () =>
  fc.oneof(
    fc.record(
      {
        paymentId: fc.oneof(fc.constant(paymentId), fc.uuid(), hostileString),
        amount: fc.oneof(fc.integer({ min: 1, max: 2000 }), hostileNumber, hostileString),
        reason: fc.oneof(fc.constantFrom('duplicate', 'fraudulent', 'requested_by_customer'), hostileString),
        note: hostileString,
      },
      { requiredKeys: [] },
    ),
    hostileJson,
  );
const send = async (input: unknown, userId?: string) =>
  callRoute(
    POST,
    await appRequest(
      '/api/payments/refund',
      {
        method: 'POST',
        body: JSON.stringify(input),
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      },
      { userId },
    ),
    {},
  );

describe('POST /api/payments/refund under fuzzing', () => {
  it('as an admin: no 5xx, and a refused body changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(body(), async (input) => {
        const admin = await createTestUser({ role: 'admin' });
        const before = await counts();
        const { status } = await expectSafeAnswer(await send(input, admin.id), [201, 202, 400, 404, 409, 413, 422]);
        if (status >= 400) expect(await counts()).toBe(before);
      }),
      { numRuns: 80 },
    );
  });

  it('as a customer or a visitor: 403 or 401, whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(body(), fc.boolean(), async (input, signedIn) => {
        const user = signedIn ? await createTestUser() : undefined;
        await expectSafeAnswer(await send(input, user?.id), [signedIn ? 403 : 401]);
      }),
      { numRuns: 40 },
    );
  });
});
