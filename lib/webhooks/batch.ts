import 'server-only';
import { inArray, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { db, sqlClient } from '@/db';
import { stripeEvents } from '@/db/schema';
import { deferAudits, flushDeferredAudits } from '@/lib/audit';
import { idOf } from '@/lib/ids';
import { logger } from '@/lib/log/logger';
import { withStripeAccount } from '@/lib/stripe/accounts';
import { processStoredEvent } from './dispatcher';
import { accountOfEvent } from './event-account';
import { handlerFor, txHandlerFor } from './handlers';

export type EventJob = { eventId: string; final: boolean };

type Claimed = { id: string; type: string; payload: Stripe.Event };

// The payment row an event locks: events are applied in this order, so concurrent batches take row locks in one order (no deadlocks).
const lockKey = (event: Stripe.Event) => {
  const object = event.data.object as { object?: unknown; id?: unknown; payment_intent?: unknown };
  return (object.object === 'payment_intent' ? idOf(object.id) : idOf(object.payment_intent)) ?? '';
};

/** Counts the attempt of every open event of the batch in one statement (asynchronous commit, as in processStoredEvent). */
async function claim(ids: string[]): Promise<Claimed[]> {
  return sqlClient()<Claimed[]>`
    update stripe_events
       set attempts = attempts + 1, last_attempt_at = now(), first_attempt_at = coalesce(first_attempt_at, now())
      from (select set_config('synchronous_commit', 'off', true)) as async_commit
     where id in ${sqlClient()(ids)} and status not in ('processed', 'ignored')
    returning id, type, payload`;
}

/** Applies every event that has an in-transaction handler, and marks them and the ignored ones, in ONE transaction. */
async function applyTogether(events: Stripe.Event[], ignored: string[], started: number): Promise<void> {
  const ordered = [...events].sort((a, b) => lockKey(a).localeCompare(lockKey(b)) || a.created - b.created || a.id.localeCompare(b.id));
  // One chain per payment (its events in order); the chains run side by side, so the driver
  // pipelines their statements on the transaction's connection instead of waiting for each.
  const chains = new Map<string, Stripe.Event[]>();
  for (const event of ordered) chains.set(lockKey(event) || event.id, [...(chains.get(lockKey(event) || event.id) ?? []), event]);
  // Accounts are read before the transaction: nothing inside it may wait for another pool connection while holding row locks.
  const accounts = new Map(await Promise.all(ordered.map(async (e) => [e.id, await accountOfEvent(e)] as const)));
  await db.transaction(async (tx) => {
    deferAudits(tx);
    const settled = await Promise.allSettled(
      [...chains.values()].map(async (chain) => {
        for (const event of chain) await withStripeAccount(accounts.get(event.id) ?? 'primary', () => txHandlerFor(event.type)!(event, tx));
      }),
    );
    // Every chain has stopped before the transaction rolls back, so no statement can run after it.
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    // The chain lock is taken here, for the batch's last statements only.
    await flushDeferredAudits(tx);
    const processed = ordered.map((e) => e.id);
    const all = [...processed, ...ignored];
    await tx
      .update(stripeEvents)
      .set({
        status: sql`case when ${inArray(stripeEvents.id, processed)} then 'processed' else 'ignored' end`,
        processedAt: new Date(),
        durationMs: Date.now() - started,
        lastError: null,
      })
      .where(inArray(stripeEvents.id, all));
  });
}

/**
 * Processes a batch of stored events with the same guarantees as processStoredEvent, but with
 * far fewer round trips: one statement counts every attempt, the payment and charge events are
 * applied in one transaction whose audit entries are appended together under one chain lock, and
 * the status marks commit with their effects. If anything in that transaction fails, it rolls
 * back as a whole and each event is processed on its own, so one bad event never blocks or
 * repeats the others. Returns the events that failed, with their errors (their jobs are retried).
 */
export async function processStoredEvents(jobs: EventJob[]): Promise<Map<string, unknown>> {
  const started = Date.now();
  const failures = new Map<string, unknown>();
  const claimed = await claim(jobs.map((j) => j.eventId));
  const together: Stripe.Event[] = [];
  const ignored: string[] = [];
  const alone: string[] = [];
  for (const row of claimed) {
    if (txHandlerFor(row.type)) together.push(row.payload);
    else if (handlerFor(row.type)) alone.push(row.id);
    else ignored.push(row.id);
  }
  if (together.length + ignored.length > 0) {
    const ok = await applyTogether(together, ignored, started).then(
      () => true,
      (err: unknown) => {
        logger.warn({ err, events: together.length }, 'webhook batch rolled back; processing its events one by one');
        return false;
      },
    );
    if (!ok) alone.push(...together.map((e) => e.id), ...ignored);
  }
  const final = new Map(jobs.map((j) => [j.eventId, j.final]));
  for (const id of alone) {
    await processStoredEvent(id, { final: final.get(id) ?? false, alreadyCounted: true }).catch((err: unknown) => failures.set(id, err));
  }
  return failures;
}
