import 'server-only';
import { and, eq, inArray, lt } from 'drizzle-orm';
import { db } from '@/db';
import { payments, type Payment } from '@/db/schema';
import { logger } from '@/lib/log/logger';
import type { StripeAccount } from '@/lib/stripe/accounts';
import { stripeCall } from '@/lib/stripe/call';
import { applyPaymentIntent } from './sync';

/**
 * Settles one payment from Stripe's current state. A payment whose create call timed out (no
 * intent id yet) replays the create with the same idempotency key: Stripe returns the intent it
 * made, or makes it now (unconfirmed, so nothing is charged twice).
 */
export async function reconcilePayment(payment: Payment): Promise<Payment | null> {
  // Settled from the account that took it (a fallback payment lives only there).
  const account = payment.stripeAccount as StripeAccount;
  const intent = payment.stripePaymentIntentId
    ? await stripeCall(
        'paymentIntents.retrieve',
        (s) => s.paymentIntents.retrieve(payment.stripePaymentIntentId!, { expand: ['latest_charge'] }),
        { account },
      )
    : await stripeCall(
        'paymentIntents.create',
        (s) =>
          s.paymentIntents.create(
            {
              amount: payment.amount,
              currency: payment.currency,
              customer: payment.stripeCustomerId ?? undefined,
              description: payment.description ?? undefined,
              allowed_payment_method_types: ['card'],
              metadata: {
                payment_id: payment.id,
                user_id: payment.userId,
                price_id: payment.priceId ?? '',
                quantity: String(payment.quantity),
              },
            },
            { idempotencyKey: `pi:create:${payment.id}` },
          ),
        { account },
      );
  const synced = await applyPaymentIntent(intent, new Date(), { fetched: 'reconcile' });
  // Touch the row even when nothing changed, so pollers do not re-ask Stripe every second.
  if (synced) await db.update(payments).set({ updatedAt: new Date() }).where(eq(payments.id, payment.id));
  return synced;
}

/** The scheduled sweep: unknown and stale pending payments, settled from Stripe. */
export async function reconcileStalePayments(
  options: { olderThanMs?: number; limit?: number } = {},
): Promise<{ checked: number; failed: number }> {
  const before = new Date(Date.now() - (options.olderThanMs ?? 60_000));
  const rows = await db
    .select()
    .from(payments)
    .where(
      and(
        lt(payments.updatedAt, before),
        // Abandoned checkouts (requires_payment_method) are left alone: webhooks or the payment page settle them.
        inArray(payments.status, ['unknown', 'processing', 'requires_confirmation', 'requires_capture']),
      ),
    )
    .limit(options.limit ?? 100);
  let failed = 0;
  for (const row of rows) {
    await reconcilePayment(row).catch((err: unknown) => {
      failed++;
      logger.warn({ err, paymentId: row.id }, 'reconcile failed');
    });
  }
  return { checked: rows.length, failed };
}
