import 'server-only';
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { auditLog, payments, refunds, stripeEvents, users, type User } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { refundRequestsOf, toRefundView, type RefundRequestView, type RefundView } from '@/lib/payments/refunds';
import { displayStatus, type DisplayStatus } from '@/lib/payments/status';

export type TimelineEntry =
  | { kind: 'event'; at: string; id: string; type: string; status: string; attempts: number; lastError: string | null }
  | {
      kind: 'audit';
      at: string;
      id: number;
      action: string;
      actorType: string;
      actorEmail: string | null;
      amount: number | null;
      currency: string | null;
      data: Record<string, unknown> | null;
    };

export type AdminPaymentDetail = {
  id: string;
  status: DisplayStatus;
  stripeStatus: string;
  amount: number;
  amountRefunded: number;
  refundable: number;
  currency: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  paymentIntentId: string | null;
  chargeId: string | null;
  card: { brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null };
  customer: { id: string; email: string; name: string | null; stripeCustomerId: string | null };
  disputed: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  receiptUrl: string | null;
  refunds: RefundView[];
  refundRequests: RefundRequestView[];
  timeline: TimelineEntry[];
};

/**
 * Everything the admin payment page shows: amounts, card, customer, refunds and refund requests,
 * and one timeline merging the Stripe events about the payment (its intent, charge and refunds)
 * with the audit entries about it. Admins only.
 */
export async function getAdminPayment(actor: User | null, paymentId: string): Promise<AdminPaymentDetail> {
  assertAdmin(actor);
  if (!z.uuid().safeParse(paymentId).success) throw new AppError('not_found', 'Payment not found.');
  const [row] = await db
    .select({ payment: payments, user: users })
    .from(payments)
    .innerJoin(users, eq(users.id, payments.userId))
    .where(eq(payments.id, paymentId))
    .limit(1);
  if (!row) throw new AppError('not_found', 'Payment not found.');
  const { payment: p, user } = row;
  const [refundRows, requests, audits] = await Promise.all([
    db.select().from(refunds).where(eq(refunds.paymentId, p.id)).orderBy(desc(refunds.createdAt)),
    refundRequestsOf(actor, p.id),
    db
      .select({ entry: auditLog, email: users.email })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(and(eq(auditLog.targetType, 'payment'), eq(auditLog.targetId, p.id)))
      .orderBy(asc(auditLog.id))
      .limit(500),
  ]);
  const objectIds = [p.stripePaymentIntentId, p.latestChargeId, ...refundRows.map((r) => r.stripeRefundId)].filter((v): v is string => !!v);
  const events = objectIds.length
    ? await db
        .select({
          id: stripeEvents.id,
          type: stripeEvents.type,
          status: stripeEvents.status,
          attempts: stripeEvents.attempts,
          lastError: stripeEvents.lastError,
          at: stripeEvents.stripeCreated,
        })
        .from(stripeEvents)
        .where(and(inArray(stripeEvents.objectId, objectIds), isNotNull(stripeEvents.objectId)))
        .orderBy(asc(stripeEvents.stripeCreated))
        .limit(500)
    : [];
  const timeline: TimelineEntry[] = [
    ...events.map((e) => ({
      kind: 'event' as const,
      at: e.at.toISOString(),
      id: e.id,
      type: e.type,
      status: e.status,
      attempts: e.attempts,
      lastError: e.lastError,
    })),
    ...audits.map(({ entry: a, email }) => ({
      kind: 'audit' as const,
      at: a.occurredAt.toISOString(),
      id: a.id,
      action: a.action,
      actorType: a.actorType,
      actorEmail: email,
      amount: a.amount,
      currency: a.currency,
      data: a.data,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const refundable = p.status === 'succeeded' && !p.disputed ? Math.max(p.amount - p.amountRefunded, 0) : 0;
  return {
    id: p.id,
    status: displayStatus(p),
    stripeStatus: p.status,
    amount: p.amount,
    amountRefunded: p.amountRefunded,
    refundable,
    currency: p.currency,
    description: p.description,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    paymentIntentId: p.stripePaymentIntentId,
    chargeId: p.latestChargeId,
    card: { brand: p.cardBrand, last4: p.cardLast4, expMonth: p.cardExpMonth, expYear: p.cardExpYear },
    customer: { id: user.id, email: user.email, name: user.name, stripeCustomerId: user.stripeCustomerId },
    disputed: p.disputed,
    errorCode: p.lastErrorCode,
    errorMessage: p.lastErrorMessage,
    receiptUrl: p.receiptUrl,
    refunds: refundRows.map(toRefundView),
    refundRequests: requests,
    timeline,
  };
}
