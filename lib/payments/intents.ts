import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { payments, type Payment, type PaymentStatus, type User } from '@/db/schema';
import { audit, type RequestMeta } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { accountForNewPayment, type StripeAccount } from '@/lib/stripe/accounts';
import { isBreakerOpen } from '@/lib/stripe/breaker';
import { stripeBrowserConfig } from '@/lib/stripe/browser-config';
import { stripeCall } from '@/lib/stripe/call';
import { purchasablePrice } from './catalog';
import { ensureCustomer } from './customers';
import { ownedCard } from './saved-cards';
import { applyPaymentIntent } from './sync';

export const MAX_QUANTITY = 100;
/** Stripe's ceiling for one charge, in minor units. */
export const MAX_AMOUNT = 99_999_999;

export const createIntentInput = z.strictObject({
  priceId: z.string().trim().min(1).max(255),
  quantity: z
    .number()
    .int('Quantity must be a whole number.')
    .min(1, 'Quantity must be at least 1.')
    .max(MAX_QUANTITY, `Quantity must be at most ${MAX_QUANTITY}.`),
  savePaymentMethod: z.boolean().default(false),
});
export type CreateIntentInput = z.input<typeof createIntentInput>;

export type IntentResult = {
  paymentId: string;
  status: Payment['status'];
  clientSecret: string | null;
  amount: number;
  currency: string;
  /** The Stripe account that took the payment: the browser confirms with that account's publishable key. */
  account: StripeAccount;
  publishableKey: string;
};

type Ids = { paymentId?: string; request?: RequestMeta };

/**
 * Starts a one-time payment: the amount comes from our price mirror (never from the client), a
 * payment row is written first, and its id keys the Stripe call, so retries reuse one intent.
 * The Stripe account is chosen before anything is written: the primary, or the fallback while
 * the primary's circuit breaker is open; with neither available it fails fast (503) and writes
 * nothing. A retry of the same payment stays on the account its row names.
 */
export async function createPaymentIntent(user: User, input: CreateIntentInput, ids: Ids = {}): Promise<IntentResult> {
  const data = createIntentInput.parse(input);
  const { price, product } = await purchasablePrice(data.priceId);
  const amount = price.unitAmount * data.quantity;
  if (amount > MAX_AMOUNT)
    throw new AppError('validation_failed', undefined, { fields: { quantity: ['That amount is above the limit for one payment.'] } });
  const chosen = accountForNewPayment();
  // Customers and saved cards live in the primary account; the fallback takes guest payments.
  const customerId = chosen === 'primary' ? await ensureCustomer(user) : null;
  const paymentId = ids.paymentId ?? randomUUID();
  const description = data.quantity > 1 ? `${product.name} × ${data.quantity}` : product.name;

  const inserted = await db
    .insert(payments)
    .values({
      id: paymentId,
      userId: user.id,
      stripeCustomerId: customerId,
      priceId: price.id,
      quantity: data.quantity,
      description,
      amount,
      currency: price.currency,
      status: 'requires_payment_method',
      stripeAccount: chosen,
    })
    .onConflictDoNothing()
    .returning({ id: payments.id });
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.id, paymentId), eq(payments.userId, user.id)));
  if (!row) throw new AppError('conflict');
  const account = row.stripeAccount as StripeAccount;

  let intent;
  try {
    intent = await stripeCall(
      'paymentIntents.create',
      (s) =>
        s.paymentIntents.create(
          {
            amount,
            currency: price.currency,
            ...(row.stripeCustomerId ? { customer: row.stripeCustomerId } : {}),
            description,
            allowed_payment_method_types: ['card'],
            metadata: { payment_id: paymentId, user_id: user.id, price_id: price.id, quantity: String(data.quantity) },
            ...(data.savePaymentMethod && row.stripeCustomerId ? { setup_future_usage: 'on_session' as const } : {}),
          },
          { idempotencyKey: `pi:create:${paymentId}` },
        ),
      { account },
    );
  } catch (error) {
    // Refused by the breaker: the call never left, so a row this call wrote would be a promise we cannot keep.
    if (isBreakerOpen(error) && inserted.length > 0)
      await db.delete(payments).where(and(eq(payments.id, paymentId), isNull(payments.stripePaymentIntentId)));
    // The intent may or may not exist: `unknown` until reconciliation replays the same key.
    else if (error instanceof AppError && error.details?.retryable)
      await db.update(payments).set({ status: 'unknown' }).where(eq(payments.id, paymentId));
    throw error;
  }
  const synced = await applyPaymentIntent(intent, new Date(), { fetched: 'checkout' });
  await audit({
    actor: { type: 'user', id: user.id },
    action: 'payment.initiated',
    target: { type: 'payment', id: paymentId },
    amount,
    currency: price.currency,
    data: { paymentIntent: intent.id, priceId: price.id, quantity: data.quantity },
    request: ids.request,
  });
  return {
    paymentId,
    status: synced?.status ?? (intent.status as PaymentStatus),
    clientSecret: intent.client_secret,
    amount,
    currency: price.currency,
    account,
    publishableKey: stripeBrowserConfig(account).publishableKey,
  };
}

/** One of the user's payments; someone else's is "not found". */
export async function ownedPayment(user: Pick<User, 'id'>, paymentId: string): Promise<Payment> {
  const parsed = z.uuid().safeParse(paymentId);
  if (!parsed.success) throw new AppError('not_found', 'Payment not found.');
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.id, parsed.data), eq(payments.userId, user.id)))
    .limit(1);
  if (!row) throw new AppError('not_found', 'Payment not found.');
  return row;
}

/**
 * Confirms one of the user's payments with one of their saved cards, server-side. When the bank
 * asks for 3-D Secure the result is `requires_action` with the client secret for the browser.
 */
export async function confirmWithSavedMethod(
  user: User,
  paymentId: string,
  paymentMethodId: string,
  ids: { attemptId?: string; returnUrl?: string; request?: RequestMeta } = {},
): Promise<IntentResult> {
  const payment = await ownedPayment(user, paymentId);
  const card = await ownedCard(user, paymentMethodId);
  if (!payment.stripePaymentIntentId || !['requires_payment_method', 'requires_confirmation'].includes(payment.status)) {
    throw new AppError('conflict', 'This payment can no longer be confirmed.');
  }
  // Saved cards belong to the primary account's customer; a payment the fallback took cannot use them.
  if (payment.stripeAccount !== 'primary')
    throw new AppError('conflict', 'Saved cards cannot pay for this payment right now. Please pay with a new card.');
  const piId = payment.stripePaymentIntentId;
  const attemptId = ids.attemptId ?? randomUUID();
  await audit({
    actor: { type: 'user', id: user.id },
    action: 'payment.confirm_requested',
    target: { type: 'payment', id: paymentId },
    amount: payment.amount,
    currency: payment.currency,
    data: { paymentMethod: card.id, brand: card.brand, last4: card.last4 },
    request: ids.request,
  });
  try {
    const intent = await stripeCall('paymentIntents.confirm', (s) =>
      s.paymentIntents.confirm(
        piId,
        { payment_method: card.id, ...(ids.returnUrl ? { return_url: ids.returnUrl } : {}), expand: ['latest_charge'] },
        { idempotencyKey: `pi:confirm:${attemptId}` },
      ),
    );
    const synced = await applyPaymentIntent(intent, new Date(), { fetched: 'checkout' });
    return {
      paymentId,
      status: synced?.status ?? (intent.status as PaymentStatus),
      clientSecret: intent.status === 'requires_action' ? intent.client_secret : null,
      amount: intent.amount,
      currency: intent.currency,
      account: 'primary',
      publishableKey: stripeBrowserConfig('primary').publishableKey,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === 'card_declined') {
      const intent = await stripeCall('paymentIntents.retrieve', (s) => s.paymentIntents.retrieve(piId));
      await applyPaymentIntent(intent, new Date(), { fetched: 'checkout' });
      await audit({
        actor: { type: 'user', id: user.id },
        action: 'payment.failed',
        target: { type: 'payment', id: paymentId },
        amount: payment.amount,
        currency: payment.currency,
        data: { declineCode: error.details?.declineCode ?? null },
        request: ids.request,
      });
    }
    throw error;
  }
}
