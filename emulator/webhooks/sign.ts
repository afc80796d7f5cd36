// Signs webhook payloads exactly as Stripe does, using the SDK's own helper.
import Stripe from 'stripe';
import { randomString } from '../core/ids';

export function newWebhookSecret(): string {
  return `whsec_${randomString(32)}`;
}

export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}
