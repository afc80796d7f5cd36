import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq, or, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { db, type Tx } from '@/db';
import { payments, type Payment, type PaymentStatus } from '@/db/schema';
import { audit } from '@/lib/audit';
import { idOf, isUuid } from '@/lib/ids';
import { userByCustomer } from './customers';
import { mayReplaceStatus } from './status';

/** Locks the payment row of an intent, creating it for intents made outside our checkout (e.g. subscription invoices of our customers). */
async function lockPaymentFor(tx: Tx, pi: Stripe.PaymentIntent): Promise<Payment | null> {
  const ourId = pi.metadata?.payment_id;
  const match = isUuid(ourId)
    ? or(eq(payments.stripePaymentIntentId, pi.id), eq(payments.id, ourId))
    : eq(payments.stripePaymentIntentId, pi.id);
  const [row] = await tx.select().from(payments).where(match).limit(1).for('update');
  if (row) return row;
  const user = await userByCustomer(idOf(pi.customer), tx);
  if (!user) return null;
  await tx
    .insert(payments)
    .values({
      id: randomUUID(),
      userId: user.id,
      stripePaymentIntentId: pi.id,
      stripeCustomerId: idOf(pi.customer),
      description: pi.description,
      amount: pi.amount,
      currency: pi.currency,
      status: pi.status as PaymentStatus,
      createdAt: new Date(pi.created * 1000),
    })
    .onConflictDoNothing();
  const [created] = await tx.select().from(payments).where(eq(payments.stripePaymentIntentId, pi.id)).for('update');
  return created ?? null;
}

/** Where a snapshot came from, for the audit entry of a status change. */
export type SyncSource = { eventId: string } | { fetched: 'checkout' | 'reconcile' };

const statusAction = (status: PaymentStatus, failed: boolean) =>
  status === 'requires_payment_method' ? (failed ? 'payment.failed' : 'payment.created') : `payment.${status}`;

/**
 * Applies a PaymentIntent snapshot taken at Stripe time `seenAt` (an event's `created`, or now
 * for a fresh retrieve) to its payment row. Order-tolerant: older snapshots do not overwrite
 * newer ones and terminal statuses stick. Each status change is audited in the same
 * transaction. Returns the row, or null for intents not ours.
 */
export async function applyPaymentIntent(pi: Stripe.PaymentIntent, seenAt: Date, source: SyncSource, outer?: Tx): Promise<Payment | null> {
  // Stripe times have one-second resolution: compare our fetch times at the same resolution.
  const at = new Date(Math.floor(seenAt.getTime() / 1000) * 1000);
  const run = async (tx: Tx) => {
    const row = await lockPaymentFor(tx, pi);
    if (!row) return null;
    const status = pi.status as PaymentStatus;
    const replace = mayReplaceStatus(row.status, row.stripeEventAt, status, at);
    const error = pi.last_payment_error;
    const values = {
      stripePaymentIntentId: pi.id,
      stripeCustomerId: idOf(pi.customer) ?? row.stripeCustomerId,
      amount: pi.amount,
      currency: pi.currency,
      ...(replace
        ? {
            status,
            stripeEventAt: at > (row.stripeEventAt ?? new Date(0)) ? at : row.stripeEventAt,
            lastErrorCode:
              status === 'succeeded' ? null : error ? (error.decline_code ?? error.code ?? 'payment_failed') : row.lastErrorCode,
            lastErrorMessage: status === 'succeeded' ? null : error ? (error.message ?? null) : row.lastErrorMessage,
          }
        : {}),
      latestChargeId: idOf(pi.latest_charge) ?? row.latestChargeId,
    };
    await tx.update(payments).set(values).where(eq(payments.id, row.id));
    // The row is locked and every written value is known here: no RETURNING (the webhook worker's hot path).
    const updated: Payment = { ...row, ...values, updatedAt: new Date() };
    if (replace && row.status !== status) {
      await audit(
        {
          actor: 'eventId' in source ? { type: 'stripe', id: source.eventId } : { type: 'system', id: source.fetched },
          action: statusAction(status, !!error),
          target: { type: 'payment', id: row.id },
          amount: pi.amount,
          currency: pi.currency,
          data: {
            from: row.status,
            to: status,
            paymentIntent: pi.id,
            ...(error ? { errorCode: error.decline_code ?? error.code ?? null } : {}),
          },
        },
        tx,
      );
    }
    if (pi.latest_charge && typeof pi.latest_charge !== 'string')
      return (await applyChargeDetails(tx, updated, pi.latest_charge)) ?? updated;
    return updated;
  };
  return outer ? run(outer) : db.transaction(run);
}

/** Copies display data from a charge (card brand/last4/expiry, receipt, dispute flag) to its payment. */
export async function applyCharge(charge: Stripe.Charge, outer?: Tx): Promise<Payment | null> {
  const piId = idOf(charge.payment_intent);
  if (!piId) return null;
  const run = async (tx: Tx) => {
    const [row] = await tx.select().from(payments).where(eq(payments.stripePaymentIntentId, piId)).limit(1).for('update');
    return row ? applyChargeDetails(tx, row, charge) : null;
  };
  return outer ? run(outer) : db.transaction(run);
}

async function applyChargeDetails(tx: Tx, row: Payment, charge: Stripe.Charge): Promise<Payment | null> {
  const card = charge.payment_method_details?.card;
  const [updated] = await tx
    .update(payments)
    .set({
      latestChargeId: charge.id,
      cardBrand: card?.brand ?? row.cardBrand,
      cardLast4: card?.last4 ?? row.cardLast4,
      cardExpMonth: card?.exp_month ?? row.cardExpMonth,
      cardExpYear: card?.exp_year ?? row.cardExpYear,
      receiptUrl: charge.receipt_url ?? row.receiptUrl,
      disputed: sql`${payments.disputed} or ${charge.disputed}`,
    })
    .where(eq(payments.id, row.id))
    .returning();
  return updated ?? null;
}

/** Flags the payment of a disputed charge. */
export async function flagDispute(dispute: Stripe.Dispute): Promise<void> {
  const piId = idOf(dispute.payment_intent);
  const chargeId = idOf(dispute.charge);
  const match = piId ? eq(payments.stripePaymentIntentId, piId) : chargeId ? eq(payments.latestChargeId, chargeId) : null;
  if (match) await db.update(payments).set({ disputed: true }).where(match);
}
