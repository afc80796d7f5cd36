import 'server-only';
import type Stripe from 'stripe';
import { AppError } from '@/lib/errors';
import { logger } from '@/lib/log/logger';
import { breakerFor, currentStripeAccount, type StripeAccount } from './accounts';
import { stripe } from './client';

/**
 * Runs one Stripe API call and maps its failures to AppError codes: card errors → 402 with
 * Stripe's user-facing message; rate limits and outages → 503 (retryable); timeouts → 504
 * (`stripe_timeout`: the outcome is unknown until reconciled). Callers pass our own
 * idempotency key in `fn`'s request options. The call goes to `options.account` (default: the
 * surrounding withStripeAccount, else the primary) through that account's circuit breaker:
 * while it is open the call fails at once with `stripe_unavailable` and never leaves the process.
 */
export async function stripeCall<T>(
  operation: string,
  fn: (client: Stripe) => Promise<T>,
  options: { account?: StripeAccount } = {},
): Promise<T> {
  const account = options.account ?? currentStripeAccount();
  const breaker = breakerFor(account);
  const ticket = breaker.admit();
  try {
    const result = await fn(stripe(account));
    breaker.success(ticket);
    return result;
  } catch (error) {
    const mapped = mapStripeError(operation, error);
    if (mapped.details?.retryable) breaker.failure(ticket);
    else if (isStripeError(error)) breaker.success(ticket);
    else breaker.release(ticket);
    throw mapped;
  }
}

// Matched by the SDK's `type` name, not instanceof: each server bundle may hold its own copy of the SDK.
const isStripeError = (error: unknown): error is Stripe.errors.StripeError => {
  const type = error instanceof Error ? (error as unknown as { type?: unknown }).type : undefined;
  return typeof type === 'string' && /^Stripe\w*Error$/.test(type);
};

function mapStripeError(operation: string, error: unknown): AppError {
  if (!isStripeError(error)) {
    logger.error({ err: error, operation }, 'stripe call failed');
    return new AppError('internal');
  }
  const context = { operation, stripeCode: error.code, requestId: error.requestId, status: error.statusCode, type: error.type };
  if (error.type === 'StripeCardError') {
    logger.info({ ...context, declineCode: error.decline_code }, 'card declined');
    return new AppError('card_declined', error.message, { declineCode: error.decline_code ?? error.code });
  }
  if (error.type === 'StripeConnectionError' && /timed? ?out|ETIMEDOUT|timeout/i.test(error.message)) {
    logger.warn(context, 'stripe call timed out');
    return new AppError('stripe_timeout', undefined, { retryable: true });
  }
  if (['StripeRateLimitError', 'StripeConnectionError', 'StripeAPIError'].includes(error.type) || (error.statusCode ?? 0) >= 500) {
    logger.warn(context, 'stripe unavailable');
    return new AppError('stripe_unavailable', undefined, { retryable: true });
  }
  if (error.code === 'resource_missing') return new AppError('not_found');
  if (error.type === 'StripeIdempotencyError') {
    logger.error(context, 'stripe idempotency key reused with other parameters');
    return new AppError('conflict');
  }
  logger.error({ ...context, message: error.message }, 'stripe rejected a request');
  return new AppError('internal');
}
