import { asc, like, or } from 'drizzle-orm';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { invoices, stripeEvents, subscriptions } from '@/db/schema';
import { handlerFor } from '@/lib/webhooks/handlers';
import { startHarness, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { cancelAtPeriodEnd, resumeSubscription } from './cancellation';
import { seedCatalog } from './catalog-seed';
import { changePlan, previewPlanChange } from './change-plan';
import { startSubscription } from './start';
import { advanceClock, clockedUser, confirmInBrowser, expectBillingMatchesStripe, HOUR, settled } from './test-fixtures';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ worker: true });
  await seedCatalog();
});
afterAll(() => h?.stop());

const mirror = async () => ({
  subscriptions: await db.select().from(subscriptions).orderBy(asc(subscriptions.id)),
  invoices: await db.select().from(invoices).orderBy(asc(invoices.id)),
});
const comparable = (m: Awaited<ReturnType<typeof mirror>>) => ({
  subscriptions: m.subscriptions.map(({ syncedAt: _s, updatedAt: _u, createdAt: _c, ...rest }) => rest),
  invoices: m.invoices.map(({ syncedAt: _s, updatedAt: _u, createdAt: _c, ...rest }) => rest),
});

describe('events out of order', () => {
  it('shuffled and duplicated deliveries leave the same state as Stripe, and replaying every event backwards changes nothing', async () => {
    h.emulator.setChaos({ duplicate: true, shuffleWindowMs: 300 });
    const received = h.deliveries.length;
    const { user, clock } = await clockedUser(h);
    const started = await startSubscription(user, await priceIdOf('starter_yearly'));
    await confirmInBrowser(h, started.confirm);
    await settled(h);
    await cancelAtPeriodEnd(user, started.subscriptionId);
    await resumeSubscription(user, started.subscriptionId);
    const proYearly = await priceIdOf('pro_yearly');
    const preview = await previewPlanChange(user, started.subscriptionId, proYearly);
    await changePlan(user, started.subscriptionId, { priceId: proYearly, prorationDate: preview.prorationDate! });
    const sub = await h.stripe.subscriptions.retrieve(started.subscriptionId);
    await advanceClock(h, clock.id, sub.items.data[0]!.current_period_end + 2 * HOUR);
    await settled(h);
    const final = await expectBillingMatchesStripe(h, user, started.subscriptionId);
    expect(final).toMatchObject({ status: 'active', cancel_at_period_end: false });
    expect(final.items.data[0]!.price.id).toBe(proYearly);
    // Every delivery went out twice.
    const events = await db
      .select()
      .from(stripeEvents)
      .where(or(like(stripeEvents.type, 'customer.subscription.%'), like(stripeEvents.type, 'invoice.%')));
    expect(h.deliveries.length - received).toBeGreaterThanOrEqual(2 * events.length);
    h.emulator.setChaos({ duplicate: false, shuffleWindowMs: 0 });

    // The oldest snapshots last: handlers re-fetch from Stripe, so nothing regresses.
    const before = comparable(await mirror());
    const all = await db.select().from(stripeEvents).orderBy(asc(stripeEvents.stripeCreated));
    for (const row of all.reverse()) {
      const event = row.payload as unknown as Stripe.Event;
      await handlerFor(event.type)?.(event);
    }
    expect(comparable(await mirror())).toEqual(before);
    await expectBillingMatchesStripe(h, user, started.subscriptionId);
  });
});
