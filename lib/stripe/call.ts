import 'server-only';
import Stripe from 'stripe';
import { AppError } from '@/lib/errors';
import { logger } from '@/lib/log/logger';
import { stripe } from './client';

/**
 * Runs one Stripe API call and maps its failures to AppError codes: card errors → 402 with
 * Stripe's user-facing message; rate limits and outages → 503 (retryable); timeouts → 504
 * (`stripe_timeout`: the outcome is unknown until reconciled). Callers pass our own
 * idempotency key in `fn`'s request options.
 */
export async function stripeCall<T>(operation: string, fn: (client: Stripe) => Promise<T>): Promise<T> {
  try {
    return await fn(stripe());
  } catch (error) {
    throw mapStripeError(operation, error);
  }
}

function mapStripeError(operation: string, error: unknown): AppError {
  if (!(error instanceof Stripe.errors.StripeError)) {
    logger.error({ err: error, operation }, 'stripe call failed');
    return new AppError('internal');
  }
  const context = { operation, stripeCode: error.code, requestId: error.requestId, status: error.statusCode, type: error.type };
  if (error instanceof Stripe.errors.StripeCardError) {
    logger.info({ ...context, declineCode: error.decline_code }, 'card declined');
    return new AppError('card_declined', error.message, { declineCode: error.decline_code ?? error.code });
  }
  if (error instanceof Stripe.errors.StripeConnectionError && /timed? ?out|ETIMEDOUT|timeout/i.test(error.message)) {
    logger.warn(context, 'stripe call timed out');
    return new AppError('stripe_timeout', undefined, { retryable: true });
  }
  if (
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    (error.statusCode ?? 0) >= 500
  ) {
    logger.warn(context, 'stripe unavailable');
    return new AppError('stripe_unavailable', undefined, { retryable: true });
  }
  if (error.code === 'resource_missing') return new AppError('not_found');
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    logger.error(context, 'stripe idempotency key reused with other parameters');
    return new AppError('conflict');
  }
  logger.error({ ...context, message: error.message }, 'stripe rejected a request');
  return new AppError('internal');
}
