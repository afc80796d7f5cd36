import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, gte, inArray, lte, or } from 'drizzle-orm';
import type Stripe from 'stripe';
import { db } from '@/db';
import { payments, users, type Payment, type PaymentStatus } from '@/db/schema';
import { audit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { idOf, isUuid } from '@/lib/ids';
import { userByCustomer } from '@/lib/payments/customers';
import { recomputeRefunded } from '@/lib/payments/refund-sync';
import { reconcilePayment } from '@/lib/payments/reconcile';
import { applyCharge } from '@/lib/payments/sync';
import { stripeCall } from '@/lib/stripe/call';
import { record, type Findings, type ReconcileOptions } from './types';

const BATCH = 200;

/** The fields that must agree with Stripe; each difference as "field: ours → Stripe's". */
function differences(local: Payment, pi: Stripe.PaymentIntent): string[] {
  const diffs: string[] = [];
  if (local.stripePaymentIntentId !== pi.id) diffs.push(`payment intent: ${local.stripePaymentIntentId ?? 'none'} → ${pi.id}`);
  if (local.status !== pi.status) diffs.push(`status: ${local.status} → ${pi.status}`);
  if (local.amount !== pi.amount) diffs.push(`amount: ${local.amount} → ${pi.amount}`);
  if (local.currency !== pi.currency) diffs.push(`currency: ${local.currency} → ${pi.currency}`);
  return diffs;
}

/** Stripe is the truth here: its current state replaces ours even where status precedence would keep ours. */
async function overwriteFromStripe(local: Payment, pi: Stripe.PaymentIntent, diffs: string[], options: ReconcileOptions): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(payments).where(eq(payments.id, local.id)).for('update');
    if (!row) throw new AppError('not_found', 'Payment disappeared during reconciliation.');
    const error = pi.last_payment_error;
    await tx
      .update(payments)
      .set({
        stripePaymentIntentId: pi.id,
        status: pi.status as PaymentStatus,
        amount: pi.amount,
        currency: pi.currency,
        stripeEventAt: new Date(Math.floor(Date.now() / 1000) * 1000),
        lastErrorCode:
          pi.status === 'succeeded' ? null : error ? (error.decline_code ?? error.code ?? 'payment_failed') : row.lastErrorCode,
        lastErrorMessage: pi.status === 'succeeded' ? null : error ? (error.message ?? null) : row.lastErrorMessage,
        latestChargeId: idOf(pi.latest_charge) ?? row.latestChargeId,
      })
      .where(eq(payments.id, row.id));
    if (pi.latest_charge && typeof pi.latest_charge !== 'string') await applyCharge(pi.latest_charge, tx);
    await recomputeRefunded(tx, row.id);
    await audit(
      {
        actor: options.actor,
        action: 'payment.reconciled',
        target: { type: 'payment', id: row.id },
        amount: pi.amount,
        currency: pi.currency,
        data: { paymentIntent: pi.id, differences: diffs, from: row.status, to: pi.status },
      },
      tx,
    );
  });
}

/** Whose intent this is: our metadata's user, else the user owning the Stripe customer; null for intents not ours. */
async function ownerOf(pi: Stripe.PaymentIntent): Promise<string | null> {
  const userId = pi.metadata?.user_id;
  if (userId) {
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
    if (user) return user.id;
  }
  return (await userByCustomer(idOf(pi.customer)))?.id ?? null;
}

/** Recreates a lost payment row from Stripe, under its original id when the intent's metadata names it. */
async function restore(pi: Stripe.PaymentIntent, userId: string, options: ReconcileOptions): Promise<void> {
  const ourId = pi.metadata?.payment_id;
  const id =
    isUuid(ourId) && (await db.select({ id: payments.id }).from(payments).where(eq(payments.id, ourId))).length === 0
      ? ourId
      : randomUUID();
  await db.transaction(async (tx) => {
    const quantity = Number(pi.metadata?.quantity);
    const [row] = await tx
      .insert(payments)
      .values({
        id,
        userId,
        stripePaymentIntentId: pi.id,
        stripeCustomerId: idOf(pi.customer),
        priceId: pi.metadata?.price_id || null,
        quantity: Number.isInteger(quantity) && quantity > 0 ? quantity : 1,
        description: pi.description,
        amount: pi.amount,
        currency: pi.currency,
        status: pi.status as PaymentStatus,
        latestChargeId: idOf(pi.latest_charge),
        stripeEventAt: new Date(Math.floor(Date.now() / 1000) * 1000),
        createdAt: new Date(pi.created * 1000),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return;
    if (pi.latest_charge && typeof pi.latest_charge !== 'string') await applyCharge(pi.latest_charge, tx);
    await audit(
      {
        actor: options.actor,
        action: 'payment.restored',
        target: { type: 'payment', id },
        amount: pi.amount,
        currency: pi.currency,
        data: { paymentIntent: pi.id, status: pi.status },
      },
      tx,
    );
  });
}

/** Compares Stripe's intents of the window with our payment rows, repairing from Stripe's state. */
export async function checkPayments(
  intents: Stripe.PaymentIntent[],
  options: ReconcileOptions,
  findings: Findings,
  tick: (done: number) => void,
): Promise<void> {
  const seen = new Set<string>();
  for (let i = 0; i < intents.length; i += BATCH) {
    const batch = intents.slice(i, i + BATCH);
    const ourIds = batch.map((pi) => pi.metadata?.payment_id).filter(isUuid);
    const rows = await db
      .select()
      .from(payments)
      .where(
        or(
          inArray(
            payments.stripePaymentIntentId,
            batch.map((pi) => pi.id),
          ),
          ourIds.length ? inArray(payments.id, ourIds) : undefined,
        ),
      );
    const byPi = new Map(rows.filter((r) => r.stripePaymentIntentId).map((r) => [r.stripePaymentIntentId!, r]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const pi of batch) {
      seen.add(pi.id);
      const local = byPi.get(pi.id) ?? byId.get(pi.metadata?.payment_id ?? '');
      if (!local) {
        const owner = await ownerOf(pi);
        // Intents of other integrations on the same Stripe account are none of our business.
        if (owner)
          await record(
            findings,
            options,
            {
              object: 'payment',
              kind: 'missing',
              id: pi.metadata?.payment_id ?? null,
              stripeId: pi.id,
              detail: `${pi.status} ${pi.amount} ${pi.currency} not in our database`,
            },
            () => restore(pi, owner, options),
          );
      } else {
        const diffs = differences(local, pi);
        if (diffs.length)
          await record(
            findings,
            options,
            { object: 'payment', kind: 'mismatched', id: local.id, stripeId: pi.id, detail: diffs.join('; ') },
            () => overwriteFromStripe(local, pi, diffs, options),
          );
      }
    }
    tick(Math.min(i + BATCH, intents.length));
  }
  await checkLocalOnly(seen, options, findings);
}

/** Our rows of the window that Stripe's listing did not contain: stuck creates, or intents Stripe does not know. */
async function checkLocalOnly(seen: Set<string>, options: ReconcileOptions, findings: Findings): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows: Payment[] = await db
      .select()
      .from(payments)
      .where(and(gte(payments.createdAt, options.from), lte(payments.createdAt, options.to), after ? gte(payments.id, after) : undefined))
      .orderBy(payments.id)
      .limit(BATCH + 1);
    const page = rows.slice(0, BATCH);
    for (const row of page) {
      if (row.stripePaymentIntentId && seen.has(row.stripePaymentIntentId)) continue;
      if (!row.stripePaymentIntentId) {
        // The create call timed out or crashed: replaying it with the same key settles it.
        if (row.status === 'unknown' || Date.now() - row.createdAt.getTime() > 5 * 60_000)
          await record(
            findings,
            options,
            { object: 'payment', kind: 'stuck', id: row.id, stripeId: null, detail: `no payment intent (status ${row.status})` },
            () => reconcilePayment(row),
          );
        continue;
      }
      const piId = row.stripePaymentIntentId;
      const pi = await stripeCall('paymentIntents.retrieve', (s) => s.paymentIntents.retrieve(piId, { expand: ['latest_charge'] })).catch(
        (error: unknown) => {
          if (error instanceof AppError && error.code === 'not_found') return null;
          throw error;
        },
      );
      if (!pi) {
        await record(findings, options, {
          object: 'payment',
          kind: 'unknown_to_stripe',
          id: row.id,
          stripeId: piId,
          detail: 'Stripe has no such payment intent (another account or mode?)',
        });
        continue;
      }
      const diffs = differences(row, pi);
      if (diffs.length)
        await record(
          findings,
          options,
          { object: 'payment', kind: 'mismatched', id: row.id, stripeId: pi.id, detail: diffs.join('; ') },
          () => overwriteFromStripe(row, pi, diffs, options),
        );
    }
    if (rows.length <= BATCH) return;
    after = rows[BATCH]!.id;
  }
}
