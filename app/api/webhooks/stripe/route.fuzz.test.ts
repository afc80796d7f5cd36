// Property tests on POST /api/webhooks/stripe: any body with any (or no) signature gets a 4xx and
// stores nothing; even a correctly signed body that is not a usable Stripe event must not cause a
// 5xx (Stripe would retry it for days) or store a row.
import fc from 'fast-check';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { stripeEvents } from '@/db/schema';
import { expectSafeAnswer, hostileJson, hostileString } from '@/lib/security/fuzz/properties';
import { appRequest, callRoute } from '@/lib/security/fuzz/request-scope';
import { startHarness, WEBHOOK_SECRET, type Harness } from '@/scripts/test/harness';
import { POST } from './route';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const stored = async () => (await db.select({ id: stripeEvents.id }).from(stripeEvents)).length;
const deliver = async (body: string, signature: string | undefined) =>
  callRoute(
    POST,
    await appRequest(
      '/api/webhooks/stripe',
      {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'stripe-signature': signature }) },
      },
      { origin: null },
    ),
    {},
  );
const headerSafe = (value: string) => value.replace(/[^\x20-\x7e]/g, '');

/** Bodies shaped like events (with odd ids, types and objects) and anything else. */
const eventish = fc.oneof(
  fc.record(
    {
      id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      object: fc.constantFrom('event', 'list', 'x'),
      type: fc.oneof(fc.constantFrom('payment_intent.succeeded', 'invoice.paid', 'charge.refunded'), fc.string()),
      created: fc.oneof(fc.integer(), fc.string()),
      livemode: fc.oneof(fc.boolean(), fc.string()),
      data: fc.oneof(fc.record({ object: hostileJson }), hostileJson),
    },
    { requiredKeys: [] },
  ),
  hostileJson,
);

describe('POST /api/webhooks/stripe under fuzzing', () => {
  it('unsigned, forged or malformed signatures: 400, nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          eventish.map((e) => JSON.stringify(e)),
          fc.string({ maxLength: 3000 }),
        ),
        fc.oneof(
          fc.constant(undefined),
          hostileString.map(headerSafe),
          fc.string().map((s) => `t=${Math.floor(Date.now() / 1000)},v1=${Buffer.from(s).toString('hex')}`),
        ),
        async (body, signature) => {
          const before = await stored();
          await expectSafeAnswer(await deliver(body, signature), [400]);
          expect(await stored()).toBe(before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('correctly signed bodies that are not usable events: no 5xx, stored only when accepted', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          eventish.map((e) => JSON.stringify(e)),
          fc.string({ maxLength: 500 }),
        ),
        async (body) => {
          const before = await stored();
          const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET });
          const { status } = await expectSafeAnswer(await deliver(body, signature), [200, 400]);
          if (status !== 200) expect(await stored()).toBe(before);
        },
      ),
      { numRuns: 150 },
    );
  });
});
