import 'server-only';
import { eq, or } from 'drizzle-orm';
import type Stripe from 'stripe';
import { db } from '@/db';
import { payments } from '@/db/schema';
import { idOf, isUuid } from '@/lib/ids';
import { fallbackConfigured, type StripeAccount } from '@/lib/stripe/accounts';

/**
 * The Stripe account an event's re-fetches must go to: the account of the payment its object
 * belongs to (a PaymentIntent, or the intent of a charge, refund or dispute), read from our rows
 * so retries and backfills agree. The primary when no fallback is configured (no query at all).
 */
export async function accountOfEvent(event: Stripe.Event): Promise<StripeAccount> {
  if (!fallbackConfigured()) return 'primary';
  const object = event.data.object as {
    object?: unknown;
    id?: unknown;
    payment_intent?: unknown;
    metadata?: Record<string, string> | null;
  };
  const piId = object.object === 'payment_intent' ? idOf(object.id) : idOf(object.payment_intent);
  const ourId = object.object === 'payment_intent' ? object.metadata?.payment_id : undefined;
  const match =
    piId && isUuid(ourId)
      ? or(eq(payments.stripePaymentIntentId, piId), eq(payments.id, ourId))
      : piId
        ? eq(payments.stripePaymentIntentId, piId)
        : null;
  if (!match) return 'primary';
  const [row] = await db.select({ account: payments.stripeAccount }).from(payments).where(match).limit(1);
  return row?.account === 'fallback' ? 'fallback' : 'primary';
}
