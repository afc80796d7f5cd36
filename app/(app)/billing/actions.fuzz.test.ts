// Property tests on the subscription server actions: any arguments, signed in or not, answer a
// result object (never a throw, never an internal error); a refused call creates no subscription.
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { prices, subscriptions } from '@/db/schema';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import type { ActionResult } from '@/lib/http/action-result';
import { hostileJson, hostileString } from '@/lib/security/fuzz/properties';
import { appRequest, inRequestScope } from '@/lib/security/fuzz/request-scope';
import { startHarness, type Harness } from '@/scripts/test/harness';
import { createTestUser } from '@/scripts/test/users';
import {
  cancelSubscriptionAction,
  changePlanAction,
  finishCardUpdateAction,
  openInvoicePaymentAction,
  previewPlanChangeAction,
  refreshSubscriptionAction,
  resumeSubscriptionAction,
  startCardUpdateAction,
  startSubscriptionAction,
} from './actions';

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

const EXPECTED_CODES = ['validation_failed', 'not_found', 'forbidden', 'conflict', 'bad_request', 'unauthenticated', 'card_declined'];

/** Runs a server action as the browser's POST would reach it, signed in as `userId` when given. */
async function act<T>(userId: string | undefined, run: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  const request = await appRequest('/billing', { method: 'POST', headers: { 'next-action': 'fuzz' } }, { userId });
  const result = await inRequestScope(request, run);
  if (!result.ok) expect(EXPECTED_CODES, JSON.stringify(result.error)).toContain(result.error.code);
  return result;
}

const id = fc.oneof(hostileString, fc.constantFrom('sub_123', 'sub_', 'seti_123', 'in_123'));
const key = fc.oneof(fc.uuid(), hostileString);
const subscriptionsOf = async (userId: string) => (await db.select().from(subscriptions).where(eq(subscriptions.userId, userId))).length;

describe('subscription actions under fuzzing', () => {
  it('startSubscription: any price and key; refused ones create no subscription', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...planPrices, ...oneTimePrices), hostileString),
        key,
        fc.boolean(),
        async (price, k, signedIn) => {
          const user = await createTestUser();
          const result = await act(signedIn ? user.id : undefined, () => startSubscriptionAction(price, k));
          if (!signedIn) expect(result).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
          if (!result.ok) expect(await subscriptionsOf(user.id)).toBe(0);
          else expect(planPrices).toContain(price);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('every subscription action on ids the caller does not own: refused, nothing changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        id,
        id,
        fc.oneof(
          fc.record(
            { priceId: fc.oneof(fc.constantFrom(...planPrices), hostileString), prorationDate: fc.integer() },
            { requiredKeys: [] },
          ),
          hostileJson,
        ),
        key,
        async (sub, other, input, k) => {
          const user = await createTestUser();
          const results = [
            await act(user.id, () => previewPlanChangeAction(sub, other)),
            await act(user.id, () => changePlanAction(sub, input as never, k)),
            await act(user.id, () => cancelSubscriptionAction(sub, k)),
            await act(user.id, () => resumeSubscriptionAction(sub, k)),
            await act(user.id, () => startCardUpdateAction(sub, k)),
            await act(user.id, () => finishCardUpdateAction(sub, other, k)),
            await act(user.id, () => openInvoicePaymentAction(sub)),
            await act(user.id, () => refreshSubscriptionAction(sub)),
          ];
          expect(results.every((r) => !r.ok)).toBe(true);
          expect(await subscriptionsOf(user.id)).toBe(0);
        },
      ),
      { numRuns: 25 },
    );
  });
});
