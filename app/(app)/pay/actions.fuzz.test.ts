// Property tests on the checkout actions of /pay: any arguments answer a result object (never a
// throw, never an internal error); a refused call creates no payment.
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { payments, prices } from '@/db/schema';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import type { ActionResult } from '@/lib/http/action-result';
import { hostileJson, hostileString } from '@/lib/security/fuzz/properties';
import { appRequest, inRequestScope } from '@/lib/security/fuzz/request-scope';
import { startHarness, type Harness } from '@/scripts/test/harness';
import { createTestUser } from '@/scripts/test/users';
import { createPaymentAction, payWithSavedCardAction } from './actions';

let h: Harness;
let planPrices: string[];
let oneTimePrices: string[];
beforeAll(async () => {
  h = await startHarness();
  await seedCatalog();
  const all = await db.select().from(prices);
  planPrices = all.filter((p) => p.type === 'recurring').map((p) => p.id);
  oneTimePrices = all.filter((p) => p.type === 'one_time').map((p) => p.id);
});
afterAll(() => h?.stop());

const EXPECTED_CODES = ['validation_failed', 'not_found', 'conflict', 'bad_request', 'unauthenticated', 'card_declined'];

async function act<T>(userId: string | undefined, run: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  const request = await appRequest('/pay', { method: 'POST', headers: { 'next-action': 'fuzz' } }, { userId });
  const result = await inRequestScope(request, run);
  if (!result.ok) expect(EXPECTED_CODES, JSON.stringify(result.error)).toContain(result.error.code);
  return result;
}

const id = fc.oneof(hostileString, fc.constantFrom('pm_card_visa', 'pm_123'));
const key = fc.oneof(fc.uuid(), hostileString);

describe('checkout actions under fuzzing', () => {
  it('any input; refused ones create no payment, and nobody pays with a card they do not own', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            priceId: fc.oneof(fc.constantFrom(...oneTimePrices, ...planPrices), hostileString),
            quantity: fc.oneof(fc.integer({ min: -2, max: 102 }), fc.double()),
          }),
          hostileJson,
        ),
        key,
        id,
        async (input, k, pm) => {
          const user = await createTestUser();
          const created = await act(user.id, () => createPaymentAction(input as never, k));
          const rows = await db.select().from(payments).where(eq(payments.userId, user.id));
          expect(rows.length).toBe(created.ok ? 1 : 0);
          const paid = await act(user.id, () => payWithSavedCardAction(created.ok ? created.data.paymentId : String(pm), String(pm), k));
          expect(paid.ok).toBe(false);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('anonymous: unauthenticated, nothing created', async () => {
    await fc.assert(
      fc.asyncProperty(hostileJson, key, async (input, k) => {
        const before = (await db.select().from(payments)).length;
        expect(await act(undefined, () => createPaymentAction(input as never, k))).toMatchObject({
          ok: false,
          error: { code: 'unauthenticated' },
        });
        expect((await db.select().from(payments)).length).toBe(before);
      }),
      { numRuns: 30 },
    );
  });
});
