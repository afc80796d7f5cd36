import 'server-only';
import type PgBoss from 'pg-boss';
import { executeReconciliationRun } from '@/lib/admin/reconciliation/run';
import { computeAlerts } from '@/lib/alerts/compute';
import { purgeIdempotencyKeys } from '@/lib/http/idempotency';
import { reconcileStalePayments } from '@/lib/payments/reconcile';
import { processStoredEvents } from '@/lib/webhooks/batch';
import { processStoredEvent } from '@/lib/webhooks/dispatcher';
import type { QueueName, QueuePayload } from './queues';

type Handler<N extends QueueName> = (data: QueuePayload<N>, job: PgBoss.JobWithMetadata<QueuePayload<N>>) => Promise<unknown>;

/** What each queue's jobs do. */
export const handlers: { [N in QueueName]: Handler<N> } = {
  'system.echo': async (data) => ({ echoed: data.message }),
  'stripe.event': (data, job) => processStoredEvent(data.eventId, { final: job.retryCount >= job.retryLimit }),
  'payments.reconcile': () => reconcileStalePayments(),
  'maintenance.purge': async () => ({ idempotencyKeys: await purgeIdempotencyKeys() }),
  'alerts.compute': () => computeAlerts(),
  'admin.reconcile': (data) => executeReconciliationRun(data.runId),
};

type BatchHandler<N extends QueueName> = (
  jobs: { data: QueuePayload<N>; job: PgBoss.JobWithMetadata<QueuePayload<N>> }[],
) => Promise<Map<string, unknown>>;

/** Queues whose fetched batches run as one unit; they answer with the job ids that failed (and only those are retried). */
export const batchHandlers: { [N in QueueName]?: BatchHandler<N> } = {
  'stripe.event': async (jobs) => {
    const byEvent = new Map(jobs.map(({ data, job }) => [data.eventId, job.id]));
    const failed = await processStoredEvents(
      jobs.map(({ data, job }) => ({ eventId: data.eventId, final: job.retryCount >= job.retryLimit })),
    );
    return new Map([...failed].map(([eventId, error]) => [byEvent.get(eventId)!, error]));
  },
};
