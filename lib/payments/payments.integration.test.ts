import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLog, payments, stripeEvents } from '@/db/schema';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { eventually, startHarness, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { createTestUser } from '@/scripts/test/users';
import { createPaymentIntent } from './intents';

let h: Harness;
let priceId: string;
beforeAll(async () => {
  h = await startHarness({ worker: true });
  await seedCatalog();
  priceId = await priceIdOf();
});
afterAll(() => h?.stop());

describe('one-time payment pipeline', () => {
  it('create → confirm in the browser → webhook → worker → row succeeded with card details', async () => {
    const user = await createTestUser();
    const intent = await createPaymentIntent(user, { priceId, quantity: 3 });
    expect(intent).toMatchObject({ amount: 3000, currency: 'usd', status: 'requires_payment_method' });
    expect(intent.clientSecret).toMatch(/^pi_.+_secret_/);

    const [row] = await db.select().from(payments).where(eq(payments.id, intent.paymentId));
    await h.stripe.paymentIntents.confirm(row!.stripePaymentIntentId!, {
      payment_method: 'pm_card_visa',
      return_url: 'http://localhost/return',
    });

    const settled = await eventually(
      async () => {
        const [p] = await db.select().from(payments).where(eq(payments.id, intent.paymentId));
        return p?.status === 'succeeded' && p.cardLast4 ? p : undefined;
      },
      15_000,
      'payment to succeed via webhooks',
    );
    expect(settled).toMatchObject({ amount: 3000, cardBrand: 'visa', cardLast4: '4242', lastErrorCode: null });
    expect(settled.receiptUrl).toBeTruthy();

    const events = await eventually(
      async () => {
        const rows = await db.select().from(stripeEvents).where(eq(stripeEvents.objectId, row!.stripePaymentIntentId!));
        return rows.length >= 2 && rows.every((e) => e.status === 'processed' || e.status === 'ignored') ? rows : undefined;
      },
      10_000,
      'intent events processed',
    );
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['payment_intent.created', 'payment_intent.succeeded']));
    const audits = await db.select().from(auditLog).where(eq(auditLog.targetId, intent.paymentId));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['payment.initiated', 'payment.succeeded']));
  });
});
