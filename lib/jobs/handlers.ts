import 'server-only';
import type PgBoss from 'pg-boss';
import { purgeIdempotencyKeys } from '@/lib/http/idempotency';
import { reconcileStalePayments } from '@/lib/payments/reconcile';
import { processStoredEvent } from '@/lib/webhooks/dispatcher';
import type { QueueName, QueuePayload } from './queues';

type Handler<N extends QueueName> = (data: QueuePayload<N>, job: PgBoss.JobWithMetadata<QueuePayload<N>>) => Promise<unknown>;

/** What each queue's jobs do. */
export const handlers: { [N in QueueName]: Handler<N> } = {
  'system.echo': async (data) => ({ echoed: data.message }),
  'stripe.event': (data, job) => processStoredEvent(data.eventId, { final: job.retryCount >= job.retryLimit }),
  'payments.reconcile': () => reconcileStalePayments(),
  'maintenance.purge': async () => ({ idempotencyKeys: await purgeIdempotencyKeys() }),
};
