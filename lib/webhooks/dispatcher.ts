import 'server-only';
import { eq, inArray, and, not, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { db, type Tx } from '@/db';
import { stripeEvents } from '@/db/schema';
import { logger } from '@/lib/log/logger';
import { withStripeAccount } from '@/lib/stripe/accounts';
import { accountOfEvent } from './event-account';
import { handlerFor } from './handlers';

export type Outcome = 'processed' | 'ignored' | 'skipped';

/**
 * Attempt counters and status marks are written without waiting for the WAL flush: losing one in
 * a crash only means the (idempotent) handler runs again. The handlers' own writes stay durable.
 */
function bookkeeping<T>(write: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = off`);
    return write(tx);
  });
}

/**
 * Processes one stored event: dispatches it to its handler, records attempts, timing and the
 * last error, and marks it `dead` after the final attempt. Handlers are idempotent, so running an
 * event twice (a retry, an admin "retry now") has one effect.
 */
export async function processStoredEvent(eventId: string, attempt: { final: boolean; alreadyCounted?: boolean }): Promise<Outcome> {
  const started = Date.now();
  const open = and(eq(stripeEvents.id, eventId), not(inArray(stripeEvents.status, ['processed', 'ignored'])));
  // A batch that fell back to one-by-one has counted this attempt already.
  const [row] = attempt.alreadyCounted
    ? await db.select().from(stripeEvents).where(open)
    : await bookkeeping((tx) =>
        tx
          .update(stripeEvents)
          .set({
            attempts: sql`${stripeEvents.attempts} + 1`,
            lastAttemptAt: new Date(),
            firstAttemptAt: sql`coalesce(${stripeEvents.firstAttemptAt}, now())`,
          })
          .where(open)
          .returning(),
      );
  if (!row) return 'skipped';
  const event = row.payload as unknown as Stripe.Event;
  const handler = handlerFor(event.type);
  try {
    if (handler) await withStripeAccount(await accountOfEvent(event), () => handler(event));
    const status = handler ? 'processed' : 'ignored';
    await bookkeeping((tx) =>
      tx
        .update(stripeEvents)
        .set({ status, processedAt: new Date(), durationMs: Date.now() - started, lastError: null })
        .where(eq(stripeEvents.id, eventId)),
    );
    return status;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .update(stripeEvents)
      .set({ status: attempt.final ? 'dead' : 'failed', lastError: message.slice(0, 2_000), durationMs: Date.now() - started })
      .where(eq(stripeEvents.id, eventId));
    logger.warn({ err: error, eventId, type: event.type, final: attempt.final }, 'webhook handler failed');
    throw error;
  }
}
