import 'server-only';
import Stripe from 'stripe';
import { z } from 'zod';
import { AppError } from '@/lib/errors';

/** Stripe's default: signatures older (or newer) than five minutes are refused. */
export const TOLERANCE_SECONDS = 300;

/** What the inbox stores of an event; a correctly signed body without it is refused, never a 500. */
const eventShape = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int().nonnegative(),
  livemode: z.boolean(),
  api_version: z.string().max(64).nullable().optional(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

function timestampOf(header: string): number | null {
  const t = header.split(',').find((part) => part.trim().startsWith('t='));
  const value = t ? Number(t.trim().slice(2)) : NaN;
  return Number.isInteger(value) ? value : null;
}

/**
 * Verifies a Stripe-Signature header against every configured secret (rotation) and returns the
 * event. Refuses a missing header, a bad signature, a timestamp more than 300 s old or ahead
 * (the SDK only checks age), an unparsable body and a signed body that is not an event — all as 400.
 */
export function verifyStripeEvent(rawBody: string, header: string | null, secrets: string[], nowMs = Date.now()): Stripe.Event {
  if (!header) throw new AppError('bad_request', 'Missing Stripe-Signature header.');
  const timestamp = timestampOf(header);
  if (timestamp === null) throw new AppError('bad_request', 'Malformed Stripe-Signature header.');
  if (Math.abs(Math.floor(nowMs / 1000) - timestamp) > TOLERANCE_SECONDS)
    throw new AppError('bad_request', 'Signature timestamp outside the tolerance zone.');
  for (const secret of secrets) {
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(rawBody, header, secret, TOLERANCE_SECONDS, undefined, nowMs);
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) throw new AppError('bad_request', 'Unparsable event body.');
      continue;
    }
    if (!eventShape.safeParse(event).success) throw new AppError('bad_request', 'Not a Stripe event.');
    return { ...event, api_version: event.api_version ?? null };
  }
  throw new AppError('bad_request', 'Invalid signature.');
}
