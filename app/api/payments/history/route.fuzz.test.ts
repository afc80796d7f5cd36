// Property tests on GET /api/payments/history and GET /api/payments/[id]: any query string or id,
// signed in or not, no 5xx, no internals, and never another customer's payment.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { createPaymentIntent } from '@/lib/payments/intents';
import { expectSafeAnswer, hostileString } from '@/lib/security/fuzz/properties';
import { appRequest, callRoute } from '@/lib/security/fuzz/request-scope';
import { startHarness, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { createTestUser } from '@/scripts/test/users';
import { GET as getOne } from '../[id]/route';
import { GET } from './route';

let h: Harness;
let owner: string;
let theirs: string;
beforeAll(async () => {
  h = await startHarness();
  await seedCatalog();
  const user = await createTestUser();
  owner = user.id;
  theirs = (await createPaymentIntent(user, { priceId: await priceIdOf(), quantity: 1 })).paymentId;
});
afterAll(() => h?.stop());

const query = fc.dictionary(
  fc.oneof(fc.constantFrom('cursor', 'limit', 'userId', 'status'), fc.string({ maxLength: 20 })),
  fc.oneof(hostileString, fc.integer().map(String), fc.base64String()),
  { maxKeys: 4 },
);
const toSearch = (q: Record<string, string>) =>
  new URLSearchParams(Object.entries(q).map(([k, v]) => [k, v.replace(/[\ud800-\udfff]/g, '')])).toString();

describe('payment history and detail under fuzzing', () => {
  it('GET /api/payments/history: no 5xx, only the caller’s own payments', async () => {
    await fc.assert(
      fc.asyncProperty(query, fc.boolean(), async (q, signedIn) => {
        const user = await createTestUser();
        const response = await callRoute(
          GET,
          await appRequest(`/api/payments/history?${toSearch(q)}`, {}, { userId: signedIn ? user.id : undefined }),
          {},
        );
        const { status, text } = await expectSafeAnswer(response, signedIn ? [200, 422] : [401]);
        if (status === 200) expect(text).not.toContain(theirs);
      }),
      { numRuns: 120 },
    );
  });

  it('GET /api/payments/[id]: no 5xx; someone else’s payment is 404, the owner’s is 200', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(hostileString, fc.uuid(), fc.constant(theirs)),
        fc.constantFrom('owner', 'other', 'anonymous'),
        async (id, who) => {
          const userId = who === 'owner' ? owner : who === 'other' ? (await createTestUser()).id : undefined;
          const path = `/api/payments/${encodeURIComponent(id.replace(/[\ud800-\udfff]/g, ''))}`;
          const response = await callRoute(getOne, await appRequest(path, {}, { userId }), { params: Promise.resolve({ id }) });
          const expected = who === 'anonymous' ? [401] : who === 'owner' && id === theirs ? [200] : [404];
          await expectSafeAnswer(response, expected);
        },
      ),
      { numRuns: 120 },
    );
  });
});
