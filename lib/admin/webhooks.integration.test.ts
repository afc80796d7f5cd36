import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLog, stripeEvents } from '@/db/schema';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { eventually, startHarness, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { createTestUser } from '@/scripts/test/users';
import { paidPayment } from './test-fixtures';
import { backfillWebhookEvents } from './webhook-backfill';
import { getWebhookEvent, listWebhookEvents, retryWebhookEvent } from './webhooks';

let h: Harness;
let priceId: string;
beforeAll(async () => {
  h = await startHarness({ worker: true });
  await seedCatalog();
  priceId = await priceIdOf();
});
afterAll(() => h?.stop());

const eventsOf = (objectIds: string[]) => db.select().from(stripeEvents).where(inArray(stripeEvents.objectId, objectIds));

describe('admin webhook log', () => {
  it('lists with filters, shows an event with personal fields redacted, and retries a dead one', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const { payment, pi, user } = await paidPayment(h, priceId);
    await h.emulator.settle();
    const succeeded = await eventually(
      async () => (await eventsOf([pi])).find((e) => e.type === 'payment_intent.succeeded' && e.status === 'processed'),
      10_000,
      'event processed',
    );

    const page = await listWebhookEvents(admin, { type: 'payment_intent.succeeded', status: 'processed' });
    expect(page.items.map((e) => e.id)).toContain(succeeded.id);
    expect((await listWebhookEvents(admin, { q: succeeded.id })).items).toHaveLength(1);
    await expect(listWebhookEvents(admin, { type: 'DROP TABLE' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ message: 'Enter an event type like payment_intent.succeeded.' })],
    });

    const charge = await eventually(
      async () => (await eventsOf([payment.latestChargeId!])).find((e) => e.type === 'charge.succeeded'),
      10_000,
      'charge event',
    );
    const detail = await getWebhookEvent(admin, charge.id);
    const text = JSON.stringify(detail.payload);
    expect(text).toContain('"billing_details":"[redacted]"');
    expect(text).not.toContain(user.email);
    expect(detail.retryable).toBe(false);

    // A dead event (every retry failed earlier) goes back to pending and is processed again.
    await db.update(stripeEvents).set({ status: 'dead', lastError: 'boom' }).where(eq(stripeEvents.id, succeeded.id));
    await expect(retryWebhookEvent(admin, 'evt_missing')).rejects.toMatchObject({ status: 404 });
    const retried = await retryWebhookEvent(admin, succeeded.id);
    expect(retried.status).toBe('pending');
    const processed = await eventually(
      async () => (await db.select().from(stripeEvents).where(eq(stripeEvents.id, succeeded.id)))[0]?.status === 'processed',
      10_000,
      'retried',
    );
    expect(processed).toBe(true);
    await expect(retryWebhookEvent(admin, succeeded.id)).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('processed'),
    });
    expect(
      await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'webhook.retried'), eq(auditLog.targetId, succeeded.id))),
    ).toHaveLength(1);
  });

  it('backfills events Stripe could not deliver, storing only the missing ones', async () => {
    const admin = await createTestUser({ role: 'admin' });
    // A second endpoint that never answers keeps every new event "undelivered" in Stripe's eyes.
    await h.stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/unreachable', enabled_events: ['*'] });
    const { pi } = await paidPayment(h, priceId);
    const stored = await eventually(
      async () => {
        const rows = await eventsOf([pi]);
        return rows.length >= 2 && rows.every((e) => e.status === 'processed' || e.status === 'ignored') ? rows : undefined;
      },
      10_000,
      'events stored',
    );
    // Lost: as if our endpoint had been down when Stripe sent them.
    await db.delete(stripeEvents).where(
      inArray(
        stripeEvents.id,
        stored.map((e) => e.id),
      ),
    );

    const result = await backfillWebhookEvents(admin, {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(result.stored).toBe(stored.length);
    expect(result.listed).toBe(result.stored + result.alreadyStored);
    const back = await eventually(
      async () => {
        const rows = await eventsOf([pi]);
        return rows.length === stored.length && rows.every((e) => e.status === 'processed' || e.status === 'ignored') ? rows : undefined;
      },
      10_000,
      'backfilled events processed',
    );
    expect(back.map((e) => e.id).sort()).toEqual(stored.map((e) => e.id).sort());

    const again = await backfillWebhookEvents(admin, { from: new Date(Date.now() - 3_600_000).toISOString() });
    expect(again.stored).toBe(0);
    await expect(backfillWebhookEvents(admin, { from: '2020-01-01' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ message: 'Stripe keeps events for 30 days; start the window within them.' })],
    });
  });
});
