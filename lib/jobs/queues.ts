import 'server-only';
import type PgBoss from 'pg-boss';
import { z } from 'zod';

type QueueDefinition<T> = {
  /** Job payloads come back from the database: validated before a handler sees them. */
  schema: z.ZodType<T>;
  options: Omit<PgBoss.Queue, 'name'>;
  work?: PgBoss.WorkOptions & { concurrency?: number };
  /** Cron expression (pg-boss schedules at most once a minute). */
  cron?: string;
};

const define = <T>(def: QueueDefinition<T>) => def;

/** Every queue, with its payload schema and retry policy; handlers live in lib/jobs/handlers.ts. */
export const queues = {
  // Proves the queue wiring end to end (enqueue → worker → completed with output).
  'system.echo': define({
    schema: z.object({ message: z.string().max(200) }),
    options: { retryLimit: 2, retryDelay: 1, retryBackoff: true, expireInSeconds: 60 },
  }),
  // One job per stored Stripe event; after the last retry the event is marked dead.
  'stripe.event': define({
    schema: z.object({ eventId: z.string().min(1).max(255) }),
    // A handler takes well under a second; a job still active after a minute belongs to a dead worker.
    options: { retryLimit: 8, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 },
    work: { batchSize: 50, pollingIntervalSeconds: 0.5, concurrency: 8 },
  }),
  'payments.reconcile': define({ schema: z.object({}).passthrough(), options: { retryLimit: 0, expireInSeconds: 300 }, cron: '* * * * *' }),
  'maintenance.purge': define({ schema: z.object({}).passthrough(), options: { retryLimit: 1, expireInSeconds: 300 }, cron: '17 * * * *' }),
  // Failed-payment rate and dead webhooks over the sliding window → alerts (lib/alerts/compute.ts).
  'alerts.compute': define({ schema: z.object({}).passthrough(), options: { retryLimit: 0, expireInSeconds: 120 }, cron: '* * * * *' }),
  // One admin-started reconciliation run; progress is written to its reconciliation_runs row.
  'admin.reconcile': define({ schema: z.object({ runId: z.uuid() }), options: { retryLimit: 0, expireInSeconds: 3_600 } }),
};

export type QueueName = keyof typeof queues;
export type QueuePayload<N extends QueueName> = z.infer<(typeof queues)[N]['schema']>;
export const EVENT_QUEUE = 'stripe.event' satisfies QueueName;
