import 'server-only';
import { inArray } from 'drizzle-orm';
import type Stripe from 'stripe';
import { z } from 'zod';
import { db } from '@/db';
import { stripeEvents, type User } from '@/db/schema';
import { audit, type RequestMeta } from '@/lib/audit';
import { assertAdmin } from '@/lib/auth/roles';
import { stripeCall } from '@/lib/stripe/call';
import { storeEvent } from '@/lib/webhooks/inbox';
import { dateParam, endOf, startOf } from './query-params';

// Stripe keeps events for 30 days; it cannot list older ones.
const RETENTION_DAYS = 30;
const MAX_EVENTS = 10_000;

export const backfillInput = z
  .strictObject({ from: dateParam('start of the window'), to: dateParam('end of the window') })
  .transform((v, ctx) => {
    const to = v.to ? endOf(v.to) : new Date();
    const from = v.from ? startOf(v.from) : new Date(to.getTime() - 86_400_000);
    if (from >= to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end of the window must be after its start.' });
    if (from.getTime() < Date.now() - RETENTION_DAYS * 86_400_000)
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: `Stripe keeps events for ${RETENTION_DAYS} days; start the window within them.`,
      });
    return { from, to };
  });
export type BackfillInput = z.input<typeof backfillInput>;

export type BackfillResult = { listed: number; stored: number; alreadyStored: number; truncated: boolean };

/**
 * Lists the events Stripe could not deliver to us (`delivery_success=false`) in a time window and
 * stores the ones our inbox lacks, each queued for processing like a delivered one. Admins only; audited.
 */
export async function backfillWebhookEvents(
  actor: User | null,
  input: BackfillInput,
  ctx: { request?: RequestMeta } = {},
): Promise<BackfillResult> {
  assertAdmin(actor);
  const window = backfillInput.parse(input);
  const events: Stripe.Event[] = [];
  await stripeCall('events.list', async (s) => {
    const created = { gte: Math.floor(window.from.getTime() / 1000), lte: Math.floor(window.to.getTime() / 1000) };
    for await (const event of s.events.list({ delivery_success: false, created, limit: 100 })) {
      events.push(event);
      if (events.length >= MAX_EVENTS) break;
    }
  });
  let stored = 0;
  // Oldest first (Stripe lists newest first), so handlers see the history in the order Stripe wrote it.
  const oldestFirst = [...events].reverse();
  for (let i = 0; i < oldestFirst.length; i += 500) {
    const batch = oldestFirst.slice(i, i + 500);
    const known = new Set(
      (
        await db
          .select({ id: stripeEvents.id })
          .from(stripeEvents)
          .where(
            inArray(
              stripeEvents.id,
              batch.map((e) => e.id),
            ),
          )
      ).map((r) => r.id),
    );
    for (const event of batch) if (!known.has(event.id) && (await storeEvent(event))) stored++;
  }
  const result = { listed: events.length, stored, alreadyStored: events.length - stored, truncated: events.length >= MAX_EVENTS };
  await audit({
    actor: { type: 'admin', id: actor.id },
    action: 'webhook.backfilled',
    data: { from: window.from.toISOString(), to: window.to.toISOString(), ...result },
    request: ctx.request,
  });
  return result;
}
