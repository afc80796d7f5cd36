import { and, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as webhookRoute } from '@/app/api/webhooks/stripe/route';
import { db } from '@/db';
import { auditLog, payments, refundRequests, refunds } from '@/db/schema';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { asAppError } from '@/lib/errors';
import { paidPayment, paymentRow, stripeRefundCount } from '@/lib/admin/test-fixtures';
import { displayStatus } from '@/lib/payments/status';
import { eventually, startHarness, WEBHOOK_SECRET, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { createTestUser } from '@/scripts/test/users';
import { approveRefundRequest, rejectRefundRequest, requestRefund } from './refunds';

let h: Harness;
let priceId: string;
beforeAll(async () => {
  // Refunds above $50.00 need a second admin in this file; no SDK retries, so a lost answer surfaces at once.
  h = await startHarness({ worker: true, env: { REFUND_APPROVAL_THRESHOLD: '5000', STRIPE_MAX_NETWORK_RETRIES: '0' } });
  await seedCatalog();
  priceId = await priceIdOf();
});
afterAll(() => h?.stop());

const admin = () => createTestUser({ role: 'admin' });
/** Delivers a signed event to the real webhook route, as Stripe would. */
async function deliver(event: Record<string, unknown>): Promise<Response> {
  const body = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET });
  return webhookRoute(
    new Request('http://app/api/webhooks/stripe', {
      method: 'POST',
      headers: { 'stripe-signature': header, 'content-type': 'application/json' },
      body,
    }),
    {},
  );
}
/** The 4xx an API client would get for a rejected call (zod errors become 422 with field messages). */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (error: unknown) => asAppError(error),
  );
const refundRow = async (id: string) => (await db.select().from(refunds).where(eq(refunds.id, id)))[0]!;
const actionsFor = async (paymentId: string) =>
  (
    await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'payment'), eq(auditLog.targetId, paymentId)))
      .orderBy(auditLog.id)
  ).map((a) => a.action);

describe('refunds', () => {
  it('a full refund starts pending, is sent with our ids, and webhooks settle it (payment refunded, every step audited)', async () => {
    const { payment, pi } = await paidPayment(h, priceId);
    const actor = await admin();
    const outcome = await requestRefund(actor, {
      paymentId: payment.id,
      amount: 3000,
      reason: 'requested_by_customer',
      note: 'Customer called on Tuesday',
    });
    expect(outcome.request).toMatchObject({ status: 'approved', approvalRequired: false, note: 'Customer called on Tuesday' });
    expect(outcome.refund).toMatchObject({ id: outcome.request.id, amount: 3000, status: 'pending' });
    expect(outcome.refund!.stripeRefundId).toMatch(/^re_/);

    const stripeRefund = await h.stripe.refunds.retrieve(outcome.refund!.stripeRefundId!);
    expect(stripeRefund.metadata).toMatchObject({ refund_id: outcome.refund!.id, payment_id: payment.id, requested_by: actor.id });

    const settled = await eventually(
      async () => ((await refundRow(outcome.refund!.id)).status === 'succeeded' ? refundRow(outcome.refund!.id) : undefined),
      10_000,
      'refund settled',
    );
    expect(settled).toMatchObject({ amount: 3000, stripeRefundId: stripeRefund.id, requestedBy: actor.id });
    expect(await db.select().from(refunds).where(eq(refunds.paymentId, payment.id))).toHaveLength(1);
    const after = await paymentRow(payment.id);
    expect(after.amountRefunded).toBe(3000);
    expect(displayStatus(after)).toBe('refunded');
    expect(await stripeRefundCount(h, pi)).toBe(1);

    const actions = await eventually(
      async () => {
        const list = await actionsFor(payment.id);
        return list.includes('refund.succeeded') ? list : undefined;
      },
      5_000,
      'settlement audited',
    );
    expect(actions).toEqual(expect.arrayContaining(['refund.requested', 'refund.submitted', 'refund.succeeded']));
    // The internal note is stored encrypted and kept out of the audit log.
    const [stored] = await db.select().from(refundRequests).where(eq(refundRequests.id, outcome.request.id));
    expect(stored!.note).not.toContain('Tuesday');
    const audits = await db.select().from(auditLog).where(eq(auditLog.targetId, payment.id));
    expect(JSON.stringify(audits)).not.toContain('Tuesday');
  });

  it('partial refunds leave the rest refundable and refuse more than remains', async () => {
    const { payment, pi } = await paidPayment(h, priceId);
    const actor = await admin();
    const first = await requestRefund(actor, { paymentId: payment.id, amount: 1000, reason: 'duplicate' });
    await eventually(async () => (await refundRow(first.refund!.id)).status === 'succeeded', 10_000, 'first refund settled');
    expect(displayStatus(await paymentRow(payment.id))).toBe('partially_refunded');

    await expect(requestRefund(actor, { paymentId: payment.id, amount: 2500, reason: 'duplicate' })).rejects.toMatchObject({
      status: 422,
      details: { fields: { amount: ['The refund is more than what remains refundable ($20.00).'] } },
    });
    const second = await requestRefund(actor, { paymentId: payment.id, amount: 2000, reason: 'requested_by_customer' });
    await eventually(async () => (await refundRow(second.refund!.id)).status === 'succeeded', 10_000, 'second refund settled');
    expect(await paymentRow(payment.id)).toMatchObject({ amountRefunded: 3000 });
    await expect(requestRefund(actor, { paymentId: payment.id, amount: 1, reason: 'duplicate' })).rejects.toMatchObject({
      status: 409,
      message: 'This payment has already been refunded in full.',
    });
    expect(await stripeRefundCount(h, pi)).toBe(2);
  });

  it('two concurrent 60% refunds of one payment: exactly one succeeds, the charge is never over-refunded', async () => {
    const { payment, pi } = await paidPayment(h, priceId);
    const [a, b] = [await admin(), await admin()];
    const results = await Promise.allSettled([
      requestRefund(a, { paymentId: payment.id, amount: 1800, reason: 'duplicate' }),
      requestRefund(b, { paymentId: payment.id, amount: 1800, reason: 'duplicate' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ code: 'validation_failed', status: 422 });
    expect(await db.select().from(refunds).where(eq(refunds.paymentId, payment.id))).toHaveLength(1);
    expect(await stripeRefundCount(h, pi)).toBe(1);
    expect((await paymentRow(payment.id)).amountRefunded).toBe(1800);
  });

  it('refund.failed from Stripe settles the refund as failed and makes the amount refundable again', async () => {
    const { payment } = await paidPayment(h, priceId);
    const actor = await admin();
    const { refund } = await requestRefund(actor, { paymentId: payment.id, amount: 1500, reason: 'requested_by_customer' });
    await eventually(async () => (await refundRow(refund!.id)).status === 'succeeded', 10_000, 'refund succeeded first');
    await h.emulator.settle();
    // The emulator never fails a refund; Stripe does, later (e.g. the card was closed): deliver what Stripe sends.
    const object = await h.stripe.refunds.retrieve(refund!.stripeRefundId!);
    const res = await deliver({
      id: `evt_refund_failed_${refund!.id.slice(0, 8)}`,
      object: 'event',
      type: 'refund.failed',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000) + 1,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: { ...object, status: 'failed', failure_reason: 'expired_or_canceled_card' } },
    });
    expect(res.status).toBe(200);
    const failed = await eventually(
      async () => ((await refundRow(refund!.id)).status === 'failed' ? refundRow(refund!.id) : undefined),
      10_000,
      'refund failed',
    );
    expect(failed.failureReason).toBe('expired_or_canceled_card');
    expect((await paymentRow(payment.id)).amountRefunded).toBe(0);
    expect(await actionsFor(payment.id)).toContain('refund.failed');
  });

  it('bad input is refused with a clear 4xx and nothing is sent to Stripe', async () => {
    const { payment, pi } = await paidPayment(h, priceId);
    const actor = await admin();
    const user = await createTestUser();
    const base = { paymentId: payment.id, reason: 'duplicate' as const };
    expect(await failure(requestRefund(actor, { ...base, amount: 0 }))).toMatchObject({
      status: 422,
      details: { fields: { amount: ['The refund amount must be more than 0.'] } },
    });
    expect(await failure(requestRefund(actor, { ...base, amount: -100 }))).toMatchObject({ status: 422 });
    expect(await failure(requestRefund(actor, { ...base, amount: 12.5 }))).toMatchObject({
      status: 422,
      details: { fields: { amount: [expect.stringContaining('whole number')] } },
    });
    expect(await failure(requestRefund(actor, { ...base, amount: 3001 }))).toMatchObject({
      status: 422,
      details: { fields: { amount: [expect.stringContaining('more than what remains')] } },
    });
    expect(await failure(requestRefund(actor, { paymentId: payment.id, amount: 100, reason: 'because' as 'duplicate' }))).toMatchObject({
      status: 422,
      details: { fields: { reason: [expect.stringContaining('Choose a reason')] } },
    });
    await expect(requestRefund(user, { ...base, amount: 100 })).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    await expect(requestRefund(null, { ...base, amount: 100 })).rejects.toMatchObject({ status: 401 });

    const declined = await paidPayment(h, priceId, { card: 'pm_card_chargeDeclined' });
    await expect(requestRefund(actor, { paymentId: declined.payment.id, amount: 100, reason: 'duplicate' })).rejects.toMatchObject({
      status: 409,
      message: 'Only a succeeded payment can be refunded.',
    });
    const uncaptured = await paidPayment(h, priceId);
    await db.update(payments).set({ status: 'requires_capture' }).where(eq(payments.id, uncaptured.payment.id));
    await expect(requestRefund(actor, { paymentId: uncaptured.payment.id, amount: 100, reason: 'duplicate' })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('not been captured'),
    });

    // The same request twice (same request id, as an HTTP retry with one Idempotency-Key gives): one refund.
    const requestId = crypto.randomUUID();
    await requestRefund(actor, { ...base, amount: 100 }, { requestId });
    await expect(requestRefund(actor, { ...base, amount: 100 }, { requestId })).rejects.toMatchObject({
      status: 409,
      message: 'This refund was already submitted.',
    });
    expect(await stripeRefundCount(h, pi)).toBe(1);
    expect(await stripeRefundCount(h, declined.pi)).toBe(0);
    expect(await stripeRefundCount(h, uncaptured.pi)).toBe(0);
  });
});

describe('refunds when Stripe does not answer', () => {
  it('an unknown outcome leaves the refund pending; retrying the same request resumes it with the same key (one Stripe refund)', async () => {
    const { payment, pi } = await paidPayment(h, priceId);
    const actor = await admin();
    const requestId = crypto.randomUUID();
    // Stripe makes the refund, but its answer is lost.
    h.emulator.injectFault({ method: 'POST', path: '/v1/refunds', kind: 'error', status: 500, phase: 'after', count: 1 });
    expect(await failure(requestRefund(actor, { paymentId: payment.id, amount: 500, reason: 'duplicate' }, { requestId }))).toMatchObject({
      status: 503,
    });
    expect(await refundRow(requestId)).toMatchObject({ status: 'pending', stripeRefundId: null });
    expect(await actionsFor(payment.id)).toContain('refund.outcome_unknown');

    const resumed = await requestRefund(actor, { paymentId: payment.id, amount: 500, reason: 'duplicate' }, { requestId });
    expect(resumed.refund).toMatchObject({ id: requestId, amount: 500 });
    expect(resumed.refund!.stripeRefundId).toMatch(/^re_/);
    expect(await stripeRefundCount(h, pi)).toBe(1);
    await eventually(async () => (await refundRow(requestId)).status === 'succeeded', 10_000, 'resumed refund settled');
  });
});

describe('refund approvals above the threshold', () => {
  it('waits for a second admin: the requester cannot approve, another admin can, and Stripe is only called then', async () => {
    const { payment, pi } = await paidPayment(h, priceId, { quantity: 10 });
    const [requester, approver] = [await admin(), await admin()];
    const { request, refund } = await requestRefund(requester, {
      paymentId: payment.id,
      amount: 8000,
      reason: 'fraudulent',
      note: 'Chargeback risk',
    });
    expect(refund).toBeNull();
    expect(request).toMatchObject({ status: 'pending_approval', approvalRequired: true, requestedBy: requester.id });
    expect(await stripeRefundCount(h, pi)).toBe(0);

    await expect(approveRefundRequest(requester, request.id)).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('another admin'),
    });
    await expect(approveRefundRequest(await createTestUser(), request.id)).rejects.toMatchObject({ status: 403 });
    expect(await stripeRefundCount(h, pi)).toBe(0);

    const approved = await approveRefundRequest(approver, request.id);
    expect(approved.request).toMatchObject({ status: 'approved', decidedBy: approver.id, refundId: request.id });
    expect(approved.refund).toMatchObject({ id: request.id, amount: 8000, status: 'pending' });
    await eventually(async () => (await refundRow(request.id)).status === 'succeeded', 10_000, 'approved refund settled');
    expect(await stripeRefundCount(h, pi)).toBe(1);
    await expect(approveRefundRequest(approver, request.id)).rejects.toMatchObject({ status: 409 });
    expect(await actionsFor(payment.id)).toEqual(expect.arrayContaining(['refund.requested', 'refund.approved', 'refund.submitted']));
  });

  it('a rejected request is never sent, and approval re-checks what remains', async () => {
    const { payment, pi } = await paidPayment(h, priceId, { quantity: 10 });
    const [a, b] = [await admin(), await admin()];
    const first = await requestRefund(a, { paymentId: payment.id, amount: 6000, reason: 'requested_by_customer' });
    const rejected = await rejectRefundRequest(b, first.request.id);
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: b.id });
    await expect(approveRefundRequest(b, first.request.id)).rejects.toMatchObject({ status: 409 });

    const big = await requestRefund(a, { paymentId: payment.id, amount: 7000, reason: 'requested_by_customer' });
    // Meanwhile a small refund leaves less than the big request asks for.
    await requestRefund(b, { paymentId: payment.id, amount: 4000, reason: 'duplicate' });
    await expect(approveRefundRequest(b, big.request.id)).rejects.toMatchObject({ status: 422 });
    expect(await stripeRefundCount(h, pi)).toBe(1);
    expect(await actionsFor(payment.id)).toContain('refund.rejected');
  });
});
