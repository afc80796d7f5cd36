import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Tx } from '@/db';
import {
  payments,
  refundRequests,
  refunds,
  users,
  type Payment,
  type Refund,
  type RefundReason,
  type RefundRequest,
  type User,
} from '@/db/schema';
import { audit, type AuditActor, type RequestMeta } from '@/lib/audit';
import { assertAdmin } from '@/lib/auth/roles';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { logger } from '@/lib/log/logger';
import { formatMoney } from '@/lib/money';
import { decrypt, encrypt } from '@/lib/security/crypto';
import { encryptionContext, REFUND_NOTE } from '@/lib/security/encrypted-columns';
import type { StripeAccount } from '@/lib/stripe/accounts';
import { stripeCall } from '@/lib/stripe/call';
import { MAX_AMOUNT } from './intents';
import { COUNTED_REFUND_STATUSES, recomputeRefunded } from './refund-sync';

export const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const satisfies readonly RefundReason[];

export const refundInput = z.strictObject({
  paymentId: z.uuid('Choose a payment to refund.'),
  amount: z
    .number('Enter the amount to refund, in minor units (cents).')
    .int('The amount must be a whole number of minor units (cents).')
    .positive('The refund amount must be more than 0.')
    .max(MAX_AMOUNT, 'That amount is above the limit for one payment.'),
  reason: z.enum(REFUND_REASONS, 'Choose a reason: duplicate, fraudulent or requested by customer.'),
  note: z.string().trim().max(500, 'Keep the internal note under 500 characters.').optional(),
});
export type RefundInput = z.input<typeof refundInput>;

export type RefundView = {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  status: Refund['status'];
  reason: string | null;
  failureReason: string | null;
  stripeRefundId: string | null;
  createdAt: string;
};

export type RefundRequestView = {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  reason: RefundReason;
  note: string | null;
  approvalRequired: boolean;
  status: RefundRequest['status'];
  requestedBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  refundId: string | null;
  createdAt: string;
};

/** What a refund request led to: a refund on its way to Stripe, or a request waiting for a second admin. */
export type RefundOutcome = { request: RefundRequestView; refund: RefundView | null };

type Context = { request?: RequestMeta };

const noteContext = (requestId: string) => encryptionContext(REFUND_NOTE, requestId);

/** The API and page shape of a refund row. */
export function toRefundView(r: Refund): RefundView {
  return {
    id: r.id,
    paymentId: r.paymentId,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    reason: r.reason,
    failureReason: r.failureReason,
    stripeRefundId: r.stripeRefundId,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The API and page shape of a refund request, its note decrypted (admins only ever see it). */
export function toRequestView(r: RefundRequest): RefundRequestView {
  return {
    id: r.id,
    paymentId: r.paymentId,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    note: r.note ? decrypt(r.note, noteContext(r.id)) : null,
    approvalRequired: r.approvalRequired,
    status: r.status,
    requestedBy: r.requestedBy,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    refundId: r.refundId,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Locks the payment row for the rest of the transaction: every refund of one payment queues here. */
async function lockPayment(tx: Tx, paymentId: string): Promise<Payment> {
  const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).limit(1).for('update');
  if (!payment) throw new AppError('not_found', 'Payment not found.');
  return payment;
}

/** Refuses payments that cannot be refunded, with the reason an admin can act on. */
function assertRefundable(payment: Payment): asserts payment is Payment & { stripePaymentIntentId: string } {
  if (payment.status === 'requires_capture')
    throw new AppError('conflict', 'This payment has not been captured; cancel it instead of refunding it.');
  if (payment.status !== 'succeeded' || !payment.stripePaymentIntentId)
    throw new AppError('conflict', 'Only a succeeded payment can be refunded.');
  if (payment.disputed) throw new AppError('conflict', 'This payment is disputed; answer the dispute in Stripe instead of refunding it.');
}

/** What is left to refund, from the refund rows themselves (the payment row is locked, so no refund can slip in meanwhile). */
async function remainingOf(tx: Tx, payment: Payment): Promise<number> {
  const [row] = await tx
    .select({ refunded: sql<string>`coalesce(sum(${refunds.amount}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, payment.id), inArray(refunds.status, COUNTED_REFUND_STATUSES)));
  return payment.amount - Number(row?.refunded ?? 0);
}

function assertWithinRemaining(amount: number, remaining: number, currency: string): void {
  if (remaining <= 0) throw new AppError('conflict', 'This payment has already been refunded in full.');
  if (amount > remaining) {
    const message = `The refund is more than what remains refundable (${formatMoney(remaining, currency)}).`;
    throw new AppError('validation_failed', message, { fields: { amount: [message] } });
  }
}

/** Writes the pending refund row (id = request id) and counts it against the payment at once. */
async function insertPendingRefund(tx: Tx, request: RefundRequest): Promise<Refund> {
  const [refund] = await tx
    .insert(refunds)
    .values({
      id: request.id,
      paymentId: request.paymentId,
      amount: request.amount,
      currency: request.currency,
      status: 'pending',
      reason: request.reason,
      requestedBy: request.requestedBy,
    })
    .returning();
  await recomputeRefunded(tx, request.paymentId);
  return refund!;
}

/**
 * Sends a pending refund to Stripe with a key derived from our ids, so a retry (after a timeout,
 * a crash, or by reconciliation) can never refund twice. The row stays `pending`: the refund and
 * charge webhooks settle it (they match it by `metadata.refund_id`).
 */
async function submitToStripe(refund: Refund, paymentIntentId: string, actor: AuditActor, ctx: Context): Promise<Refund> {
  const target = { type: 'payment', id: refund.paymentId };
  // A refund goes to the Stripe account that took the payment (the fallback one during an outage).
  const [owner] = await db.select({ account: payments.stripeAccount }).from(payments).where(eq(payments.id, refund.paymentId));
  const account: StripeAccount = owner?.account === 'fallback' ? 'fallback' : 'primary';
  try {
    const created = await stripeCall(
      'refunds.create',
      (s) =>
        s.refunds.create(
          {
            payment_intent: paymentIntentId,
            amount: refund.amount,
            reason: (refund.reason ?? undefined) as RefundReason | undefined,
            metadata: { refund_id: refund.id, payment_id: refund.paymentId, requested_by: refund.requestedBy ?? '' },
          },
          { idempotencyKey: `refund:${refund.paymentId}:${refund.id}` },
        ),
      { account },
    );
    // The webhook may have mirrored it already; only the Stripe id is ours to fill in here.
    await db
      .update(refunds)
      .set({ stripeRefundId: created.id })
      .where(and(eq(refunds.id, refund.id), isNull(refunds.stripeRefundId)));
    await audit({
      actor,
      action: 'refund.submitted',
      target,
      amount: refund.amount,
      currency: refund.currency,
      data: { refundId: refund.id, stripeRefundId: created.id },
      request: ctx.request,
    });
    const [row] = await db.select().from(refunds).where(eq(refunds.id, refund.id));
    return row ?? refund;
  } catch (error) {
    if (error instanceof AppError && error.details?.retryable) {
      // Stripe may or may not have made it: the row stays pending and a retry replays the same key.
      await audit({
        actor,
        action: 'refund.outcome_unknown',
        target,
        amount: refund.amount,
        currency: refund.currency,
        data: { refundId: refund.id, code: error.code },
        request: ctx.request,
      });
      throw error;
    }
    await db.transaction(async (tx) => {
      await lockPayment(tx, refund.paymentId);
      await tx.update(refunds).set({ status: 'failed', failureReason: 'rejected_by_stripe' }).where(eq(refunds.id, refund.id));
      await recomputeRefunded(tx, refund.paymentId);
      await audit(
        {
          actor,
          action: 'refund.submit_failed',
          target,
          amount: refund.amount,
          currency: refund.currency,
          data: { refundId: refund.id, code: error instanceof AppError ? error.code : 'internal' },
          request: ctx.request,
        },
        tx,
      );
    });
    logger.warn({ err: error, refundId: refund.id }, 'stripe refused a refund');
    throw new AppError('conflict', 'Stripe refused this refund. Check the payment in the Stripe dashboard.');
  }
}

type Prepared =
  | { kind: 'submit'; refund: Refund; request: RefundRequest; paymentIntentId: string }
  | { kind: 'done'; request: RefundRequest; refund: Refund | null };

/**
 * Refunds a payment in full or in part, as an admin. Inside one transaction the payment row is
 * locked (`select … for update`) and the remaining amount is computed from its refund rows, so
 * concurrent refunds can never add up to more than the charge. Above the approval threshold the
 * request waits for a second admin (`approveRefundRequest`); otherwise the refund row is written
 * `pending` and sent to Stripe with the idempotency key `refund:<paymentId>:<requestId>`.
 * `requestId` comes from the HTTP Idempotency-Key record, so a retry after an unknown outcome
 * resumes the same refund; a request already submitted is refused with 409.
 */
export async function requestRefund(
  actor: User | null,
  input: RefundInput,
  ids: { requestId?: string } & Context = {},
): Promise<RefundOutcome> {
  assertAdmin(actor);
  const data = refundInput.parse(input);
  const requestId = ids.requestId ?? randomUUID();
  const prepared = await db.transaction(async (tx): Promise<Prepared> => {
    const [existing] = await tx.select().from(refundRequests).where(eq(refundRequests.id, requestId)).for('update');
    if (existing) return resumeExisting(tx, existing);
    const payment = await lockPayment(tx, data.paymentId);
    assertRefundable(payment);
    assertWithinRemaining(data.amount, await remainingOf(tx, payment), payment.currency);
    const approvalRequired = data.amount > env().refundApprovalThreshold;
    const [request] = await tx
      .insert(refundRequests)
      .values({
        id: requestId,
        paymentId: payment.id,
        amount: data.amount,
        currency: payment.currency,
        reason: data.reason,
        note: data.note ? encrypt(data.note, noteContext(requestId)) : null,
        approvalRequired,
        status: approvalRequired ? 'pending_approval' : 'approved',
        requestedBy: actor.id,
      })
      .returning();
    await audit(
      {
        actor: { type: 'admin', id: actor.id },
        action: 'refund.requested',
        target: { type: 'payment', id: payment.id },
        amount: data.amount,
        currency: payment.currency,
        // The note itself stays out of the immutable log: it may name a person.
        data: { requestId, reason: data.reason, approvalRequired, hasNote: !!data.note, threshold: env().refundApprovalThreshold },
        request: ids.request,
      },
      tx,
    );
    if (approvalRequired) return { kind: 'done', request: request!, refund: null };
    const refund = await insertPendingRefund(tx, request!);
    const [linked] = await tx.update(refundRequests).set({ refundId: refund.id }).where(eq(refundRequests.id, requestId)).returning();
    return { kind: 'submit', refund, request: linked!, paymentIntentId: payment.stripePaymentIntentId };
  });
  if (prepared.kind === 'done')
    return { request: toRequestView(prepared.request), refund: prepared.refund ? toRefundView(prepared.refund) : null };
  const refund = await submitToStripe(prepared.refund, prepared.paymentIntentId, { type: 'admin', id: actor.id }, ids);
  return { request: toRequestView(prepared.request), refund: toRefundView(refund) };
}

/** The same request id again: resume a refund whose Stripe outcome is unknown, refuse anything else. */
async function resumeExisting(tx: Tx, existing: RefundRequest): Promise<Prepared> {
  if (existing.status === 'pending_approval') throw new AppError('conflict', 'This refund request is already waiting for approval.');
  if (existing.status === 'rejected') throw new AppError('conflict', 'This refund request was rejected.');
  const [refund] = existing.refundId ? await tx.select().from(refunds).where(eq(refunds.id, existing.refundId)) : [];
  if (!refund || refund.stripeRefundId || refund.status !== 'pending') throw new AppError('conflict', 'This refund was already submitted.');
  const payment = await lockPayment(tx, existing.paymentId);
  if (!payment.stripePaymentIntentId) throw new AppError('conflict', 'Only a succeeded payment can be refunded.');
  return { kind: 'submit', refund, request: existing, paymentIntentId: payment.stripePaymentIntentId };
}

/**
 * A second admin approves a refund request above the threshold; the requester may not approve
 * their own. The remaining amount is checked again under the payment lock (other refunds may
 * have happened since), then the refund is sent to Stripe.
 */
export async function approveRefundRequest(actor: User | null, requestId: string, ctx: Context = {}): Promise<RefundOutcome> {
  assertAdmin(actor);
  const id = parseRequestId(requestId);
  const prepared = await db.transaction(async (tx): Promise<{ refund: Refund; request: RefundRequest; paymentIntentId: string }> => {
    const [locked] = await tx.select().from(refundRequests).where(eq(refundRequests.id, id)).for('update');
    if (locked && locked.requestedBy === actor.id)
      throw new AppError('forbidden', 'You cannot approve your own refund request; another admin must approve it.');
    // Approving again after Stripe did not answer resumes the same refund (same key); anything else decided is a 409.
    if (locked?.status === 'approved') {
      const resumed = await resumeExisting(tx, locked);
      if (resumed.kind === 'submit') return resumed;
    }
    const request = await lockPendingRequest(tx, id);
    const payment = await lockPayment(tx, request.paymentId);
    assertRefundable(payment);
    assertWithinRemaining(request.amount, await remainingOf(tx, payment), payment.currency);
    const refund = await insertPendingRefund(tx, request);
    const [approved] = await tx
      .update(refundRequests)
      .set({ status: 'approved', decidedBy: actor.id, decidedAt: new Date(), refundId: refund.id })
      .where(eq(refundRequests.id, id))
      .returning();
    await audit(
      {
        actor: { type: 'admin', id: actor.id },
        action: 'refund.approved',
        target: { type: 'payment', id: payment.id },
        amount: request.amount,
        currency: request.currency,
        data: { requestId: id, requestedBy: request.requestedBy },
        request: ctx.request,
      },
      tx,
    );
    return { refund, request: approved!, paymentIntentId: payment.stripePaymentIntentId };
  });
  const refund = await submitToStripe(prepared.refund, prepared.paymentIntentId, { type: 'admin', id: actor.id }, ctx);
  return { request: toRequestView(prepared.request), refund: toRefundView(refund) };
}

/** Any admin rejects a refund request waiting for approval (the requester may withdraw their own). */
export async function rejectRefundRequest(actor: User | null, requestId: string, ctx: Context = {}): Promise<RefundRequestView> {
  assertAdmin(actor);
  const id = parseRequestId(requestId);
  return db.transaction(async (tx) => {
    const request = await lockPendingRequest(tx, id);
    const [rejected] = await tx
      .update(refundRequests)
      .set({ status: 'rejected', decidedBy: actor.id, decidedAt: new Date() })
      .where(eq(refundRequests.id, id))
      .returning();
    await audit(
      {
        actor: { type: 'admin', id: actor.id },
        action: 'refund.rejected',
        target: { type: 'payment', id: request.paymentId },
        amount: request.amount,
        currency: request.currency,
        data: { requestId: id, requestedBy: request.requestedBy, withdrawn: request.requestedBy === actor.id },
        request: ctx.request,
      },
      tx,
    );
    return toRequestView(rejected!);
  });
}

function parseRequestId(requestId: string): string {
  const parsed = z.uuid().safeParse(requestId);
  if (!parsed.success) throw new AppError('not_found', 'Refund request not found.');
  return parsed.data;
}

async function lockPendingRequest(tx: Tx, id: string): Promise<RefundRequest> {
  const [request] = await tx.select().from(refundRequests).where(eq(refundRequests.id, id)).for('update');
  if (!request) throw new AppError('not_found', 'Refund request not found.');
  if (request.status !== 'pending_approval') throw new AppError('conflict', `This refund request was already ${request.status}.`);
  return request;
}

/** Refund requests waiting for a second admin, oldest first (the approval queue). */
export async function listPendingRefundRequests(
  actor: User | null,
  options: { limit?: number } = {},
): Promise<(RefundRequestView & { requestedByEmail: string })[]> {
  assertAdmin(actor);
  const rows = await db
    .select({ request: refundRequests, email: users.email })
    .from(refundRequests)
    .innerJoin(users, eq(users.id, refundRequests.requestedBy))
    .where(eq(refundRequests.status, 'pending_approval'))
    .orderBy(refundRequests.createdAt)
    .limit(Math.min(Math.max(options.limit ?? 50, 1), 200));
  return rows.map((r) => ({ ...toRequestView(r.request), requestedByEmail: r.email }));
}

/** A payment's refund requests, newest first (admin payment page). */
export async function refundRequestsOf(actor: User | null, paymentId: string): Promise<RefundRequestView[]> {
  assertAdmin(actor);
  const rows = await db
    .select()
    .from(refundRequests)
    .where(eq(refundRequests.paymentId, paymentId))
    .orderBy(desc(refundRequests.createdAt));
  return rows.map(toRequestView);
}

/**
 * Replays the Stripe call of refunds still `pending` without a Stripe id after `olderThanMs`
 * (the first call timed out or the process died): the same idempotency key returns Stripe's
 * refund if it was made, or makes it now. System-level: reconciliation calls it after its own
 * authorisation. Returns how many were resubmitted.
 */
export async function resubmitStuckRefunds(
  actor: AuditActor,
  options: { olderThanMs?: number; refundIds?: string[] } = {},
): Promise<number> {
  const before = new Date(Date.now() - (options.olderThanMs ?? 5 * 60_000));
  const stuck = await db
    .select({ refund: refunds, pi: payments.stripePaymentIntentId })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(
      and(
        eq(refunds.status, 'pending'),
        isNull(refunds.stripeRefundId),
        lt(refunds.createdAt, before),
        options.refundIds ? inArray(refunds.id, options.refundIds) : undefined,
      ),
    )
    .limit(100);
  let resubmitted = 0;
  for (const { refund, pi } of stuck) {
    if (!pi) continue;
    await submitToStripe(refund, pi, actor, {}).then(
      () => resubmitted++,
      (err: unknown) => logger.warn({ err, refundId: refund.id }, 'refund resubmission failed'),
    );
  }
  return resubmitted;
}
