// Property tests on POST /api/payments/confirm: any body, own or foreign ids, no 5xx, no internals,
// and a refused request leaves every payment as it was.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { payments } from '@/db/schema';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { createPaymentIntent } from '@/lib/payments/intents';
import { expectSafeAnswer, hostileJson, hostileString } from '@/lib/security/fuzz/properties';
import { appRequest, callRoute } from '@/lib/security/fuzz/request-scope';
import { startHarness, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { createTestUser } from '@/scripts/test/users';
import { POST } from './route';

let h: Harness;
let otherPayment: string;
beforeAll(async () => {
  h = await startHarness();
  await seedCatalog();
  otherPayment = (await createPaymentIntent(await createTestUser(), { priceId: await priceIdOf(), quantity: 1 })).paymentId;
});
afterAll(() => h?.stop());

const snapshot = async () =>
  JSON.stringify(
    await db.select({ id: payments.id, status: payments.status, amount: payments.amount }).from(payments).orderBy(payments.id),
  );

describe('POST /api/payments/confirm under fuzzing', () => {
  it('no 5xx, and nothing changes for a refused body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record(
            {
              paymentId: fc.oneof(fc.uuid(), fc.constant(otherPayment), hostileString),
              paymentMethodId: fc.oneof(fc.constantFrom('pm_card_visa', 'pm_card_chargeDeclined'), hostileString),
              returnUrl: fc.webUrl(),
            },
            { requiredKeys: ['paymentId', 'paymentMethodId'] },
          ),
          hostileJson,
        ),
        async (input) => {
          const user = await createTestUser();
          const before = await snapshot();
          const request = await appRequest(
            '/api/payments/confirm',
            {
              method: 'POST',
              body: JSON.stringify(input),
              headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
            },
            { userId: user.id },
          );
          await expectSafeAnswer(await callRoute(POST, request, {}), [400, 404, 409, 413, 422]);
          expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('anonymous: 401 whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(hostileJson, async (input) => {
        const request = await appRequest('/api/payments/confirm', {
          method: 'POST',
          body: JSON.stringify(input),
          headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        });
        await expectSafeAnswer(await callRoute(POST, request, {}), [401]);
      }),
      { numRuns: 40 },
    );
  });
});
