import type { StripeError } from '@stripe/stripe-js';
import { formEncode, type FormValue } from '../shared/form-encode';
import { isPaymentIntent, isPaymentMethod, isSetupIntent } from './api-objects';
import { isRecord } from '../shared/is-record';
import { connectionError, toStripeError } from './stripe-errors';

export type ApiResult = { body: Record<string, unknown>; error?: undefined } | { body?: undefined; error: StripeError };

/** Talks to the emulator's API the way Stripe.js talks to api.stripe.com: form bodies, key as a parameter. */
export interface ApiClient {
  readonly origin: string;
  readonly key: string;
  get(path: string, params: Record<string, FormValue>): Promise<ApiResult>;
  post(path: string, params: Record<string, FormValue>): Promise<ApiResult>;
}

function errorFromEnvelope(raw: unknown): StripeError {
  const error = toStripeError(raw);
  if (isRecord(raw)) {
    if (isPaymentIntent(raw.payment_intent)) error.payment_intent = raw.payment_intent;
    if (isSetupIntent(raw.setup_intent)) error.setup_intent = raw.setup_intent;
    if (isPaymentMethod(raw.payment_method)) error.payment_method = raw.payment_method;
  }
  return error;
}

async function send(url: string, init: RequestInit): Promise<ApiResult> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    return { error: connectionError() };
  }
  const body: unknown = await response.json().catch(() => null);
  if (!isRecord(body)) return { error: connectionError() };
  if (!response.ok || 'error' in body) return { error: errorFromEnvelope(body.error) };
  return { body };
}

export function createApiClient(origin: string, key: string): ApiClient {
  return {
    origin,
    key,
    get: (path, params) => send(`${origin}${path}?${formEncode({ ...params, key })}`, { method: 'GET' }),
    // A form body without custom headers is a CORS "simple request": no preflight, like Stripe.js.
    post: (path, params) =>
      send(`${origin}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: formEncode({ ...params, key }),
      }),
  };
}
