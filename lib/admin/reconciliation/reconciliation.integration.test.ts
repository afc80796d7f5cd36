import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLog, payments, reconciliationRuns, refunds, stripeEvents } from '@/db/schema';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { paidPayment, paymentRow, stripeRefundCount } from '@/lib/admin/test-fixtures';
import { requestRefund } from '@/lib/payments/refunds';
import { eventually, startHarness, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { createTestUser } from '@/scripts/test/users';
import { reconcileWindow } from './engine';
import { getReconciliationRun, runReconciliationFromCli, startReconciliation } from './run';
import type { Progress } from './types';

let h: Harness;
let priceId: string;
beforeAll(async () => {
  h = await startHarness({ worker: true });
  await seedCatalog();
  priceId = await priceIdOf();
});
afterAll(() => h?.stop());

const window = () => ({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) });
const system = { type: 'system' as const, id: 'test' };

/** Waits until Stripe has delivered everything and the worker has processed it, so only our tampering differs. */
async function quiet() {
  await h.emulator.settle();
  await eventually(
    async () =>
      (
        await db
          .select({ id: stripeEvents.id })
          .from(stripeEvents)
          .where(inArray(stripeEvents.status, ['pending', 'failed']))
      ).length === 0,
    15_000,
    'events processed',
  );
}

describe('reconciliation', () => {
  it('reports and repairs a deleted payment, a wrong status, a duplicate refund row and a refund that never reached Stripe', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const deleted = await paidPayment(h, priceId);
    const wrong = await paidPayment(h, priceId);
    const refunded = await paidPayment(h, priceId);
    const stuck = await paidPayment(h, priceId);
    const { refund } = await requestRefund(admin, { paymentId: refunded.payment.id, amount: 1000, reason: 'duplicate' });
    await eventually(
      async () => (await db.select().from(refunds).where(eq(refunds.id, refund!.id)))[0]?.status === 'succeeded',
      10_000,
      'refund settled',
    );
    await quiet();

    // The damage: a lost row, a wrong (terminal!) status and amount, a second mirror of one refund, a refund row never sent.
    await db.delete(payments).where(eq(payments.id, deleted.payment.id));
    await db.update(payments).set({ status: 'canceled', amount: 1 }).where(eq(payments.id, wrong.payment.id));
    await db.update(refunds).set({ stripeRefundId: null, status: 'pending' }).where(eq(refunds.id, refund!.id));
    await db.insert(refunds).values({
      paymentId: refunded.payment.id,
      stripeRefundId: refund!.stripeRefundId,
      amount: 1000,
      currency: 'usd',
      status: 'succeeded',
    });
    const stuckId = randomUUID();
    await db.insert(refunds).values({
      id: stuckId,
      paymentId: stuck.payment.id,
      amount: 700,
      currency: 'usd',
      status: 'pending',
      requestedBy: admin.id,
      createdAt: new Date(Date.now() - 10 * 60_000),
    });

    const dry = await reconcileWindow({ ...window(), repair: false, actor: system });
    expect(dry.counts).toMatchObject({ missing: 1, mismatched: 1, duplicate: 1, stuck: 1 });
    expect(dry.repaired).toBe(0);
    expect(await db.select().from(payments).where(eq(payments.id, deleted.payment.id))).toHaveLength(0);

    const progress: Progress[] = [];
    const report = await reconcileWindow({ ...window(), repair: true, actor: system, onProgress: (p) => progress.push(p) });
    expect(report.counts).toMatchObject({ missing: 1, mismatched: 1, duplicate: 1, stuck: 1, unknown_to_stripe: 0 });
    expect(report.repaired).toBe(4);
    expect(report.findings.map((f) => `${f.object}:${f.kind}`).sort()).toEqual([
      'payment:mismatched',
      'payment:missing',
      'refund:duplicate',
      'refund:stuck',
    ]);
    expect(report.findings.find((f) => f.kind === 'mismatched')?.detail).toContain('status: canceled → succeeded');
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['Checking payments', 'Checking refunds', 'Done']));

    // Restored under its original id (from the intent's metadata), with its card details.
    expect(await paymentRow(deleted.payment.id)).toMatchObject({
      status: 'succeeded',
      amount: 3000,
      stripePaymentIntentId: deleted.pi,
      cardLast4: '4242',
      userId: deleted.user.id,
    });
    expect(await paymentRow(wrong.payment.id)).toMatchObject({ status: 'succeeded', amount: 3000 });
    const refundRows = await db.select().from(refunds).where(eq(refunds.paymentId, refunded.payment.id));
    expect(refundRows).toEqual([expect.objectContaining({ id: refund!.id, stripeRefundId: refund!.stripeRefundId, status: 'succeeded' })]);
    expect((await paymentRow(refunded.payment.id)).amountRefunded).toBe(1000);
    const [resent] = await db.select().from(refunds).where(eq(refunds.id, stuckId));
    expect(resent!.stripeRefundId).toMatch(/^re_/);
    expect(await stripeRefundCount(h, stuck.pi)).toBe(1);
    const actions = (await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorType, 'system'))).map(
      (a) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['payment.restored', 'payment.reconciled', 'refund.deduplicated']));

    await quiet();
    const again = await reconcileWindow({ ...window(), repair: true, actor: system });
    expect(again.counts).toEqual({ missing: 0, mismatched: 0, duplicate: 0, stuck: 0, unknown_to_stripe: 0 });
  });

  it('runs from the admin button on the worker with progress, and from the CLI in-process', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const { payment } = await paidPayment(h, priceId);
    await quiet();
    await db.update(payments).set({ status: 'processing' }).where(eq(payments.id, payment.id));

    const started = await startReconciliation(admin, {});
    expect(started).toMatchObject({ status: 'queued', source: 'admin', repair: true });
    await expect(startReconciliation(admin, {})).rejects.toMatchObject({ status: 409 });
    const done = await eventually(
      async () => {
        const run = await getReconciliationRun(admin, started.id);
        return run.status === 'completed' || run.status === 'failed' ? run : undefined;
      },
      20_000,
      'run finished',
    );
    expect(done).toMatchObject({ status: 'completed', phase: 'Done' });
    expect(done.report?.counts.mismatched).toBeGreaterThanOrEqual(1);
    expect(done.total).toBeGreaterThan(0);
    expect((await paymentRow(payment.id)).status).toBe('succeeded');

    await db.update(payments).set({ status: 'processing' }).where(eq(payments.id, payment.id));
    const cli = await runReconciliationFromCli({ repair: true });
    expect(cli.report.counts.mismatched).toBe(1);
    const [row] = await db.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, cli.runId));
    expect(row).toMatchObject({ source: 'cli', status: 'completed', startedBy: null });
    expect((await paymentRow(payment.id)).status).toBe('succeeded');
  });

  it('validates the window', async () => {
    const admin = await createTestUser({ role: 'admin' });
    await expect(startReconciliation(admin, { from: '2026-01-10', to: '2026-01-01' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ message: 'The end of the window must be after its start.' })],
    });
    await expect(startReconciliation(admin, { from: '2025-01-01', to: '2026-01-01' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ message: 'Reconcile at most 90 days at a time.' })],
    });
  });
});
