import 'server-only';
import { and, desc, eq, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { payments, type Payment, type User } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { ownedPayment } from './intents';
import { reconcilePayment } from './reconcile';
import { displayStatus, isTerminal, type DisplayStatus } from './status';

export type PaymentView = {
  id: string;
  description: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
  status: DisplayStatus;
  errorMessage: string | null;
  card: { brand: string; last4: string; expMonth: number | null; expYear: number | null } | null;
  receiptUrl: string | null;
  createdAt: string;
};

/** The shape pages and the API show: no Stripe ids, no internals. */
export function toView(p: Payment): PaymentView {
  return {
    id: p.id,
    description: p.description,
    amount: p.amount,
    amountRefunded: p.amountRefunded,
    currency: p.currency,
    status: displayStatus(p),
    errorMessage: displayStatus(p) === 'failed' ? p.lastErrorMessage : null,
    card: p.cardBrand && p.cardLast4 ? { brand: p.cardBrand, last4: p.cardLast4, expMonth: p.cardExpMonth, expYear: p.cardExpYear } : null,
    receiptUrl: p.receiptUrl,
    createdAt: p.createdAt.toISOString(),
  };
}

const cursorSchema = z.object({ t: z.iso.datetime(), id: z.uuid() });

function encodeCursor(p: Payment): string {
  return Buffer.from(JSON.stringify({ t: p.createdAt.toISOString(), id: p.id })).toString('base64url');
}

function decodeCursor(cursor: string): z.infer<typeof cursorSchema> {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('validation_failed', 'Invalid cursor.', { fields: { cursor: ['Invalid cursor.'] } });
  }
}

/** The user's payments, newest first, keyset-paginated (stable under concurrent inserts). */
export async function listPayments(
  user: Pick<User, 'id'>,
  options: { cursor?: string | null; limit?: number } = {},
): Promise<{ items: PaymentView[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const rows = await db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.userId, user.id),
        after
          ? or(lt(payments.createdAt, new Date(after.t)), and(eq(payments.createdAt, new Date(after.t)), lt(payments.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page.map(toView), nextCursor: rows.length > limit && page.length ? encodeCursor(page[page.length - 1]!) : null };
}

// A payment still pending after this long is re-read from Stripe instead of waiting for a webhook.
const RECONCILE_AFTER_MS = 3_000;

/**
 * One of the user's payments; a stale pending one is first settled from Stripe. `fresh` (the page
 * right after checkout) re-reads Stripe at once when the row is not final yet, so the customer
 * sees the result without waiting for the webhook.
 */
export async function getPayment(user: Pick<User, 'id'>, paymentId: string, options: { fresh?: boolean } = {}): Promise<PaymentView> {
  let payment = await ownedPayment(user, paymentId);
  if (!isTerminal(payment.status) && (options.fresh || Date.now() - payment.updatedAt.getTime() > RECONCILE_AFTER_MS)) {
    payment = (await reconcilePayment(payment).catch(() => null)) ?? payment;
  }
  return toView(payment);
}
