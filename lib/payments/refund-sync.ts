import 'server-only';
import { desc, eq, inArray, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { db, type Tx } from '@/db';
import { payments, refunds, type RefundStatus } from '@/db/schema';
import { audit } from '@/lib/audit';
import { idOf } from '@/lib/ids';
import { stripeCall } from '@/lib/stripe/call';

/** Refund statuses that count against the refundable amount. */
export const COUNTED_REFUND_STATUSES: RefundStatus[] = ['pending', 'requires_action', 'succeeded'];

// Stripe's terminal refund states; a late `pending` snapshot must not reopen them.
const FINAL: ReadonlySet<RefundStatus> = new Set(['succeeded', 'failed', 'canceled']);

/** Recomputes a payment's refunded amount from its refund rows (failed refunds give money back to refund). */
export async function recomputeRefunded(tx: Tx, paymentId: string): Promise<void> {
  await tx
    .update(payments)
    .set({
      amountRefunded: sql`(select coalesce(sum(${refunds.amount}), 0) from ${refunds} where ${refunds.paymentId} = ${paymentId} and ${inArray(refunds.status, COUNTED_REFUND_STATUSES)})`,
    })
    .where(eq(payments.id, paymentId));
}

/** Mirrors one Stripe refund: matches our pending row (metadata.refund_id) or creates one; idempotent. */
export async function upsertStripeRefund(refund: Stripe.Refund): Promise<boolean> {
  const piId = idOf(refund.payment_intent);
  if (!piId) return false;
  return db.transaction(async (tx) => {
    const [payment] = await tx
      .select({ id: payments.id })
      .from(payments)
      .where(eq(payments.stripePaymentIntentId, piId))
      .limit(1)
      .for('update');
    if (!payment) return false;
    const status = (refund.status ?? 'pending') as RefundStatus;
    const ourId = refund.metadata?.refund_id;
    const [existing] = await tx
      .select()
      .from(refunds)
      .where(
        ourId ? sql`${refunds.stripeRefundId} = ${refund.id} or ${refunds.id}::text = ${ourId}` : eq(refunds.stripeRefundId, refund.id),
      )
      .limit(1);
    const values = {
      stripeRefundId: refund.id,
      amount: refund.amount,
      currency: refund.currency,
      reason: refund.reason ?? existing?.reason ?? null,
      failureReason: refund.failure_reason ?? null,
      status: existing && FINAL.has(existing.status) && !FINAL.has(status) ? existing.status : status,
    };
    const [row] = existing
      ? await tx.update(refunds).set(values).where(eq(refunds.id, existing.id)).returning({ id: refunds.id })
      : await tx
          .insert(refunds)
          .values({ ...values, paymentId: payment.id })
          .onConflictDoNothing()
          .returning({ id: refunds.id });
    await recomputeRefunded(tx, payment.id);
    // Each settlement step Stripe reports (pending → succeeded / failed) lands in the audit log.
    if (row && existing?.status !== values.status) {
      await audit(
        {
          actor: { type: 'stripe', id: null },
          action: `refund.${values.status}`,
          target: { type: 'payment', id: payment.id },
          amount: refund.amount,
          currency: refund.currency,
          data: {
            refundId: row.id,
            stripeRefundId: refund.id,
            from: existing?.status ?? null,
            to: values.status,
            failureReason: values.failureReason,
          },
        },
        tx,
      );
    }
    return true;
  });
}

/** Re-fetches every refund of a charge from Stripe (a charge snapshot does not carry them) and mirrors them. */
export async function syncChargeRefunds(chargeId: string): Promise<void> {
  const list = await stripeCall('refunds.list', (s) => s.refunds.list({ charge: chargeId, limit: 100 }));
  for (const refund of list.data) await upsertStripeRefund(refund);
}

/** Refund rows of a payment, newest first. */
export function refundsOf(paymentId: string) {
  return db.select().from(refunds).where(eq(refunds.paymentId, paymentId)).orderBy(desc(refunds.createdAt));
}
