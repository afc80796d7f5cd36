import type { PaymentIntent, PaymentMethod, SetupIntent } from '@stripe/stripe-js';
import { isRecord } from '../shared/is-record';

function isObjectOf(value: unknown, object: string): value is Record<string, unknown> & { id: string; object: string } {
  return isRecord(value) && value.object === object && typeof value.id === 'string';
}

export function isPaymentIntent(value: unknown): value is PaymentIntent {
  return isObjectOf(value, 'payment_intent') && typeof value.status === 'string';
}

export function isSetupIntent(value: unknown): value is SetupIntent {
  return isObjectOf(value, 'setup_intent') && typeof value.status === 'string';
}

export function isPaymentMethod(value: unknown): value is PaymentMethod {
  return isObjectOf(value, 'payment_method');
}

export type IntentKind = 'payment_intent' | 'setup_intent';

/** `pi_123_secret_abc` → `{ id: 'pi_123', kind: 'payment_intent' }`, as Stripe.js derives it. */
export function parseClientSecret(clientSecret: unknown): { id: string; kind: IntentKind } | null {
  if (typeof clientSecret !== 'string') return null;
  const match = /^((pi|seti)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(clientSecret);
  if (!match?.[1]) return null;
  return { id: match[1], kind: match[2] === 'pi' ? 'payment_intent' : 'setup_intent' };
}
