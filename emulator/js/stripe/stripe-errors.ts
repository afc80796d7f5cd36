import type { StripeError, StripeErrorType } from '@stripe/stripe-js';
import { isRecord } from '../shared/is-record';

const ERROR_TYPES: readonly StripeErrorType[] = [
  'api_connection_error',
  'api_error',
  'authentication_error',
  'card_error',
  'idempotency_error',
  'invalid_request_error',
  'rate_limit_error',
  'validation_error',
];

const AUTHENTICATION_FAILURE = 'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

// Stripe.js replaces the API's message with its own customer-facing wording for these.
const BY_DECLINE_CODE: Record<string, string> = {
  insufficient_funds: 'Your card has insufficient funds.',
  generic_decline: 'Your card was declined.',
  lost_card: 'Your card was declined.',
  stolen_card: 'Your card was declined.',
  expired_card: 'Your card has expired.',
  incorrect_cvc: "Your card's security code is incorrect.",
  processing_error: 'An error occurred while processing your card. Try again in a little bit.',
};

const BY_CODE: Record<string, string> = {
  card_declined: 'Your card was declined.',
  expired_card: 'Your card has expired.',
  incorrect_cvc: "Your card's security code is incorrect.",
  incorrect_number: 'Your card number is incorrect.',
  invalid_number: 'Your card number is invalid.',
  processing_error: 'An error occurred while processing your card. Try again in a little bit.',
  payment_intent_authentication_failure: AUTHENTICATION_FAILURE,
  setup_intent_authentication_failure: AUTHENTICATION_FAILURE,
};

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The message Stripe.js would show for this code, falling back to the API's own. */
export function customerMessage(
  code: string | undefined,
  declineCode: string | undefined,
  fallback: string | undefined,
): string | undefined {
  if (code === 'card_declined' && declineCode && BY_DECLINE_CODE[declineCode]) return BY_DECLINE_CODE[declineCode];
  return (code && BY_CODE[code]) ?? fallback;
}

/** Turns the API's `error` object (or an intent's `last_payment_error`) into what Stripe.js returns. */
export function toStripeError(raw: unknown): StripeError {
  if (!isRecord(raw)) return { type: 'api_error', message: 'An unexpected error occurred.' };
  const type = ERROR_TYPES.find((t) => t === raw.type) ?? 'api_error';
  const code = optionalString(raw.code);
  const declineCode = optionalString(raw.decline_code);
  const error: StripeError = { type, message: customerMessage(code, declineCode, optionalString(raw.message)) };
  if (code) error.code = code;
  if (declineCode) error.decline_code = declineCode;
  for (const key of ['param', 'doc_url', 'charge', 'request_log_url'] as const) {
    const value = optionalString(raw[key]);
    if (value) error[key] = value;
  }
  return error;
}

export function connectionError(): StripeError {
  return { type: 'api_connection_error', message: 'An error occurred with our connection to Stripe.' };
}

/** Stripe.js throws these for programming mistakes instead of returning `{ error }`. */
export class IntegrationError extends Error {
  override name = 'IntegrationError';
}
