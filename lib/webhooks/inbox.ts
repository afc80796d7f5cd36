import 'server-only';
import type Stripe from 'stripe';
import { sqlClient } from '@/db';
import { boss } from '@/lib/jobs/boss';
import { EVENT_QUEUE } from '@/lib/jobs/queues';
import { pgBossExecutor } from '@/lib/jobs/tx-executor';

const objectIdOf = (event: Stripe.Event) => {
  const object = event.data.object as { id?: unknown };
  return typeof object.id === 'string' ? object.id : null;
};

/**
 * Stores a verified event once (primary key = event id) and, in the same transaction, enqueues
 * the job that processes it. A duplicate delivery is a no-op. Returns whether it was new.
 */
export async function storeEvent(event: Stripe.Event): Promise<boolean> {
  const queue = await boss();
  // Raw SQL on the Drizzle-shared client: Drizzle maps dates and JSON itself, so both go in as text.
  return sqlClient().begin(async (tx) => {
    const inserted = await tx`
      insert into stripe_events (id, type, api_version, livemode, stripe_created, object_id, payload)
      values (${event.id}, ${event.type}, ${event.api_version}, ${event.livemode}, ${new Date(event.created * 1000).toISOString()}, ${objectIdOf(event)}, ${JSON.stringify(event)}::jsonb)
      on conflict (id) do nothing
      returning id`;
    if (inserted.length === 0) return false;
    // pg-boss writes the job through our transaction: the event and its job commit together.
    await queue.send(EVENT_QUEUE, { eventId: event.id }, { db: pgBossExecutor(tx) });
    return true;
  });
}
