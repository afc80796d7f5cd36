import 'server-only';
import { and, eq, gte, inArray, lte, or } from 'drizzle-orm';
import type Stripe from 'stripe';
import { db } from '@/db';
import { payments, refunds, type Refund, type RefundStatus } from '@/db/schema';
import { audit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { idOf, isUuid } from '@/lib/ids';
import { recomputeRefunded, upsertStripeRefund } from '@/lib/payments/refund-sync';
import { resubmitStuckRefunds } from '@/lib/payments/refunds';
import { stripeCall } from '@/lib/stripe/call';
import { record, type Findings, type ReconcileOptions } from './types';

const BATCH = 200;
// A refund of ours still without a Stripe id after this long never reached Stripe (or its answer was lost).
const STUCK_AFTER_MS = 5 * 60_000;

function differences(local: Refund, refund: Stripe.Refund): string[] {
  const diffs: string[] = [];
  if (local.stripeRefundId !== refund.id) diffs.push(`stripe id: ${local.stripeRefundId ?? 'none'} → ${refund.id}`);
  if (local.status !== (refund.status ?? 'pending')) diffs.push(`status: ${local.status} → ${refund.status}`);
  if (local.amount !== refund.amount) diffs.push(`amount: ${local.amount} → ${refund.amount}`);
  return diffs;
}

/** Writes Stripe's refund over ours (and folds a duplicate mirror row into it), under the payment lock. */
async function overwrite(
  keep: Refund,
  drop: Refund | null,
  refund: Stripe.Refund,
  diffs: string[],
  options: ReconcileOptions,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.select({ id: payments.id }).from(payments).where(eq(payments.id, keep.paymentId)).for('update');
    if (drop) await tx.delete(refunds).where(eq(refunds.id, drop.id));
    await tx
      .update(refunds)
      .set({
        stripeRefundId: refund.id,
        status: (refund.status ?? 'pending') as RefundStatus,
        amount: refund.amount,
        currency: refund.currency,
        failureReason: refund.failure_reason ?? null,
      })
      .where(eq(refunds.id, keep.id));
    await recomputeRefunded(tx, keep.paymentId);
    await audit(
      {
        actor: options.actor,
        action: drop ? 'refund.deduplicated' : 'refund.reconciled',
        target: { type: 'payment', id: keep.paymentId },
        amount: refund.amount,
        currency: refund.currency,
        data: { refundId: keep.id, stripeRefundId: refund.id, differences: diffs, ...(drop ? { removedRow: drop.id } : {}) },
      },
      tx,
    );
  });
}

/** Compares Stripe's refunds of the window with our refund rows, repairing from Stripe's state. */
export async function checkRefunds(
  list: Stripe.Refund[],
  options: ReconcileOptions,
  findings: Findings,
  tick: (done: number) => void,
): Promise<void> {
  const claimed = new Set<string>();
  for (let i = 0; i < list.length; i += BATCH) {
    const batch = list.slice(i, i + BATCH);
    const ourIds = batch.map((r) => r.metadata?.refund_id).filter(isUuid);
    const rows = await db
      .select()
      .from(refunds)
      .where(
        or(
          inArray(
            refunds.stripeRefundId,
            batch.map((r) => r.id),
          ),
          ourIds.length ? inArray(refunds.id, ourIds) : undefined,
        ),
      );
    const byStripe = new Map(rows.filter((r) => r.stripeRefundId).map((r) => [r.stripeRefundId!, r]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const refund of batch) {
      const mirror = byStripe.get(refund.id);
      const ours = byId.get(refund.metadata?.refund_id ?? '');
      if (ours) claimed.add(ours.id);
      if (mirror) claimed.add(mirror.id);
      if (mirror && ours && mirror.id !== ours.id) {
        // Our row (with its request and requester) stays; the second mirror of the same refund goes.
        await record(
          findings,
          options,
          {
            object: 'refund',
            kind: 'duplicate',
            id: ours.id,
            stripeId: refund.id,
            detail: `rows ${ours.id} and ${mirror.id} both stand for ${refund.id}`,
          },
          () => overwrite(ours, mirror, refund, [`merged ${mirror.id}`], options),
        );
        continue;
      }
      const local = mirror ?? ours;
      if (!local) {
        const piId = idOf(refund.payment_intent);
        const [payment] = piId
          ? await db.select({ id: payments.id }).from(payments).where(eq(payments.stripePaymentIntentId, piId)).limit(1)
          : [];
        // Refunds of payments that are not ours are none of our business.
        if (payment)
          await record(
            findings,
            options,
            {
              object: 'refund',
              kind: 'missing',
              id: refund.metadata?.refund_id ?? null,
              stripeId: refund.id,
              detail: `${refund.status} ${refund.amount} ${refund.currency} not in our database`,
            },
            async () => {
              await upsertStripeRefund(refund);
              await audit({
                actor: options.actor,
                action: 'refund.restored',
                target: { type: 'payment', id: payment.id },
                amount: refund.amount,
                currency: refund.currency,
                data: { stripeRefundId: refund.id },
              });
            },
          );
        continue;
      }
      const diffs = differences(local, refund);
      if (diffs.length)
        await record(
          findings,
          options,
          { object: 'refund', kind: 'mismatched', id: local.id, stripeId: refund.id, detail: diffs.join('; ') },
          () => overwrite(local, null, refund, diffs, options),
        );
    }
    tick(Math.min(i + BATCH, list.length));
  }
  await checkLocalOnly(claimed, options, findings);
}

/** Our refund rows of the window that Stripe's listing did not contain. */
async function checkLocalOnly(claimed: Set<string>, options: ReconcileOptions, findings: Findings): Promise<void> {
  const rows = await db
    .select()
    .from(refunds)
    .where(and(gte(refunds.createdAt, options.from), lte(refunds.createdAt, options.to)))
    .limit(50_000);
  for (const row of rows) {
    if (claimed.has(row.id)) continue;
    if (!row.stripeRefundId) {
      if (row.status === 'pending' && Date.now() - row.createdAt.getTime() > STUCK_AFTER_MS)
        await record(
          findings,
          options,
          { object: 'refund', kind: 'stuck', id: row.id, stripeId: null, detail: 'pending, never confirmed by Stripe' },
          async () => {
            if ((await resubmitStuckRefunds(options.actor, { refundIds: [row.id], olderThanMs: STUCK_AFTER_MS })) === 0)
              throw new Error('resubmission failed; see the logs');
          },
        );
      continue;
    }
    const stripeId = row.stripeRefundId;
    const refund = await stripeCall('refunds.retrieve', (s) => s.refunds.retrieve(stripeId)).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return null;
      throw error;
    });
    if (!refund) {
      await record(findings, options, {
        object: 'refund',
        kind: 'unknown_to_stripe',
        id: row.id,
        stripeId,
        detail: 'Stripe has no such refund',
      });
      continue;
    }
    const diffs = differences(row, refund);
    if (diffs.length)
      await record(findings, options, { object: 'refund', kind: 'mismatched', id: row.id, stripeId, detail: diffs.join('; ') }, () =>
        overwrite(row, null, refund, diffs, options),
      );
  }
}
