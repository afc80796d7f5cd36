import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLog, subscriptions } from '@/db/schema';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { startSubscription } from '@/lib/billing/start';
import { confirmInBrowser, settled } from '@/lib/billing/test-fixtures';
import { eventually, startHarness, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { createTestUser } from '@/scripts/test/users';
import { getCustomer } from './customers';
import { reconcileWindow } from './reconciliation/engine';
import { adminCancelSubscription, adminResumeSubscription } from './subscriptions';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ worker: true });
  await seedCatalog();
});
afterAll(() => h?.stop());

const subscriptionRow = async (id: string) => (await db.select().from(subscriptions).where(eq(subscriptions.id, id)))[0]!;

describe('admin and subscriptions', () => {
  it('cancels and resumes a customer’s subscription on their behalf (audited), shows it on the customer page, and reconciliation repairs its mirror', async () => {
    const customer = await createTestUser();
    const started = await startSubscription(customer, await priceIdOf('pro_monthly'));
    await confirmInBrowser(h, started.confirm);
    await eventually(async () => (await subscriptionRow(started.subscriptionId)).status === 'active', 15_000, 'subscription active');
    await settled(h);
    const admin = await createTestUser({ role: 'admin' });

    const canceled = await adminCancelSubscription(admin, started.subscriptionId);
    expect(canceled).toMatchObject({ id: started.subscriptionId, cancelAtPeriodEnd: true });
    expect((await h.stripe.subscriptions.retrieve(started.subscriptionId)).cancel_at_period_end).toBe(true);
    await expect(adminCancelSubscription(admin, started.subscriptionId)).rejects.toMatchObject({ status: 409 });
    const resumed = await adminResumeSubscription(admin, started.subscriptionId);
    expect(resumed.cancelAtPeriodEnd).toBe(false);
    await expect(adminCancelSubscription(admin, 'sub_unknown')).rejects.toMatchObject({ status: 404 });
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, started.subscriptionId), eq(auditLog.actorId, admin.id)));
    expect(entries.map((e) => e.action)).toEqual(['subscription.canceled_on_behalf', 'subscription.resumed_on_behalf']);

    const page = await getCustomer(admin, customer.id);
    expect(page.subscriptions).toEqual([expect.objectContaining({ id: started.subscriptionId, status: 'active', planName: 'Pro' })]);
    expect(page.invoices.length).toBeGreaterThanOrEqual(1);

    await settled(h);
    await db.update(subscriptions).set({ status: 'past_due', cancelAtPeriodEnd: true }).where(eq(subscriptions.id, started.subscriptionId));
    const report = await reconcileWindow({
      from: new Date(Date.now() - 3_600_000),
      to: new Date(Date.now() + 60_000),
      repair: true,
      actor: { type: 'admin', id: admin.id },
    });
    expect(report.findings).toEqual([
      expect.objectContaining({ object: 'subscription', kind: 'mismatched', stripeId: started.subscriptionId, repaired: true }),
    ]);
    expect(await subscriptionRow(started.subscriptionId)).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
  });
});
