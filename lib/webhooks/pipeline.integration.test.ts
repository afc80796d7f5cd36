import { and, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as webhookRoute } from '@/app/api/webhooks/stripe/route';
import { db, sqlClient } from '@/db';
import { auditLog, payments, stripeEvents } from '@/db/schema';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { createPaymentIntent } from '@/lib/payments/intents';
import { eventually, startHarness, WEBHOOK_SECRET, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { createTestUser } from '@/scripts/test/users';
import { processStoredEvent } from './dispatcher';
import { storeEvent } from './inbox';

let h: Harness;
let priceId: string;
beforeAll(async () => {
  h = await startHarness({ worker: true });
  await seedCatalog();
  priceId = await priceIdOf();
});
afterAll(() => h?.stop());

const post = (body: string, header: string) =>
  webhookRoute(
    new Request('http://app/api/webhooks/stripe', {
      method: 'POST',
      headers: { 'stripe-signature': header, 'content-type': 'application/json' },
      body,
    }),
    {},
  );
const signed = (event: object) => {
  const body = JSON.stringify(event);
  return { body, header: Stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET }) };
};
const paymentOf = async (id: string) => (await db.select().from(payments).where(eq(payments.id, id)))[0]!;

async function paidIntent(card = 'pm_card_visa') {
  const user = await createTestUser();
  const { paymentId } = await createPaymentIntent(user, { priceId, quantity: 1 });
  const pi = (await paymentOf(paymentId)).stripePaymentIntentId!;
  await h.stripe.paymentIntents.confirm(pi, { payment_method: card, return_url: 'http://localhost/return' });
  return { paymentId, pi };
}

describe('webhook route', () => {
  it('answers 200 to an unknown event type and stores it as ignored', async () => {
    const { body, header } = signed({
      id: 'evt_unknown_type_1',
      object: 'event',
      type: 'issuing_card.created',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: 'ic_1', object: 'issuing.card' } },
    });
    expect((await post(body, header)).status).toBe(200);
    const row = await eventually(
      async () => (await db.select().from(stripeEvents).where(eq(stripeEvents.id, 'evt_unknown_type_1')))[0]?.status === 'ignored',
      5_000,
      'ignored',
    );
    expect(row).toBe(true);
  });

  it('refuses bad signatures with 400 and stores nothing', async () => {
    const { body } = signed({ id: 'evt_forged', object: 'event', type: 'payment_intent.succeeded', created: 1, data: { object: {} } });
    const forged = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_wrong' });
    const res = await post(body, forged);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'Invalid signature.' } });
    expect(await db.select().from(stripeEvents).where(eq(stripeEvents.id, 'evt_forged'))).toHaveLength(0);
  });
});

describe('exactly one effect', () => {
  it('50 concurrent deliveries of one event store it once, queue one job and change the payment once', async () => {
    const { paymentId, pi } = await paidIntent();
    await h.emulator.settle();
    const event = (await h.stripe.events.list({ type: 'payment_intent.succeeded', limit: 20 })).data.find(
      (e) => (e.data.object as Stripe.PaymentIntent).id === pi,
    )!;
    const { body, header } = signed(event);
    const statuses = await Promise.all(Array.from({ length: 50 }, () => post(body, header).then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(await db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id))).toHaveLength(1);
    const jobs = await sqlClient()`select id from pgboss.job where name = 'stripe.event' and data->>'eventId' = ${event.id}`;
    expect(jobs).toHaveLength(1);
    await eventually(async () => (await paymentOf(paymentId)).status === 'succeeded', 10_000, 'succeeded');
    await h.emulator.settle();
    const changes = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, paymentId), eq(auditLog.action, 'payment.succeeded')));
    expect(changes).toHaveLength(1);
  });

  it('reversed order: a late requires_action or failure never overwrites success', async () => {
    const user = await createTestUser();
    const { paymentId } = await createPaymentIntent(user, { priceId, quantity: 2 });
    const pi = (await paymentOf(paymentId)).stripePaymentIntentId!;
    // 3-D Secure asked, then failed, then another card succeeds: four distinct states.
    const first = await h.stripe.paymentIntents.confirm(pi, {
      payment_method: 'pm_card_threeDSecure2Required',
      return_url: 'http://localhost/r',
    });
    expect(first.status).toBe('requires_action');
    const auth = await fetch(`${h.emulatorUrl}/3ds/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ intent: pi, client_secret: first.client_secret, outcome: 'fail' }),
    });
    expect((await auth.json()).status).toBe('requires_payment_method');
    await h.stripe.paymentIntents.confirm(pi, { payment_method: 'pm_card_visa', return_url: 'http://localhost/r' });
    await h.emulator.settle();
    await eventually(async () => (await paymentOf(paymentId)).status === 'succeeded', 10_000, 'succeeded');

    const events = (await h.stripe.events.list({ limit: 100 })).data.filter(
      (e) => (e.data.object as { id?: string }).id === pi || (e.data.object as { payment_intent?: string }).payment_intent === pi,
    );
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['payment_intent.requires_action', 'payment_intent.payment_failed', 'payment_intent.succeeded']),
    );
    // Replay into a fresh row: newest first, each processed in that (wrong) order.
    await db
      .update(payments)
      .set({ status: 'requires_payment_method', stripeEventAt: null, lastErrorCode: null })
      .where(eq(payments.id, paymentId));
    await db.delete(stripeEvents).where(eq(stripeEvents.objectId, pi));
    const ordered = [...events].sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
    for (const e of ordered) {
      await storeEvent({ ...e, id: `${e.id}_replay` });
      await processStoredEvent(`${e.id}_replay`, { final: true });
    }
    const row = await paymentOf(paymentId);
    expect(row.status).toBe('succeeded');
    expect(row.lastErrorCode).toBeNull();
  });

  it('shuffled and duplicated deliveries reach the same final state', async () => {
    h.emulator.setChaos({ duplicate: true, shuffleWindowMs: 300 });
    try {
      const declined = await createPaymentIntent(await createTestUser(), { priceId, quantity: 1 });
      const declinedPi = (await paymentOf(declined.paymentId)).stripePaymentIntentId!;
      await h.stripe.paymentIntents
        .confirm(declinedPi, { payment_method: 'pm_card_chargeDeclined', return_url: 'http://localhost/r' })
        .catch(() => null);
      const { paymentId } = await paidIntent();
      await h.emulator.settle(15_000);
      const ok = await eventually(
        async () => {
          const p = await paymentOf(paymentId);
          return p.status === 'succeeded' && p.cardLast4 === '4242' ? p : undefined;
        },
        15_000,
        'succeeded',
      );
      expect(ok.receiptUrl).toBeTruthy();
      const failed = await eventually(
        async () => {
          const p = await paymentOf(declined.paymentId);
          return p.lastErrorCode ? p : undefined;
        },
        15_000,
        'declined',
      );
      expect(failed).toMatchObject({ status: 'requires_payment_method', lastErrorCode: 'generic_decline' });
    } finally {
      h.emulator.setChaos({ duplicate: false, shuffleWindowMs: 0 });
    }
  });
});
