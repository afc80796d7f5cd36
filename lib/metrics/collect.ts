import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import { billingMetrics } from '@/lib/billing/metrics';
import type { Metric } from './exposition';

const n = (v: unknown) => (v == null ? 0 : Number(v));

async function rows<T extends Record<string, unknown>>(query: ReturnType<typeof sql>): Promise<T[]> {
  return [...(await db.execute<T>(query))] as T[];
}

/** Jobs waiting or running per queue; none before pg-boss has created its schema. */
async function queueDepth() {
  const [present] = await rows<{ ok: boolean }>(sql`select to_regclass('pgboss.job') is not null as ok`);
  if (!present?.ok) return [];
  return rows<{ name: string; state: string; count: string }>(
    sql`select name, state::text as state, count(*) as count from pgboss.job where state in ('created', 'retry', 'active') group by name, state`,
  );
}

/**
 * Gathers the app's metrics with a handful of index-backed SQL aggregates: payments by status,
 * refunds by status and amount, webhook outcomes and lag, job queue depth, open alerts, workers.
 */
export async function collectMetrics(): Promise<Metric[]> {
  const started = performance.now();
  const [paymentStatus, refundStatus, eventStatus, eventLag, oldest, queue, openAlerts, workers, billing] = await Promise.all([
    rows<{ status: string; count: string }>(sql`select status, count(*) as count from payments group by status`),
    rows<{ status: string; currency: string; count: string; amount: string }>(
      sql`select status, currency, count(*) as count, sum(amount) as amount from refunds group by status, currency`,
    ),
    rows<{ status: string; count: string }>(sql`select status, count(*) as count from stripe_events group by status`),
    rows<{ delivery: string | null; processing: string | null; handler: string | null; processed: string }>(sql`
      select avg(extract(epoch from received_at - stripe_created)) as delivery,
             avg(extract(epoch from processed_at - received_at)) as processing,
             avg(duration_ms) / 1000.0 as handler,
             count(*) as processed
      from stripe_events where status in ('processed', 'ignored') and processed_at >= now() - interval '5 minutes'`),
    rows<{ seconds: string | null }>(
      sql`select extract(epoch from now() - min(received_at)) as seconds from stripe_events where status in ('pending', 'failed')`,
    ),
    queueDepth(),
    rows<{ kind: string; severity: string; count: string }>(
      sql`select kind, severity, count(*) as count from alerts where resolved_at is null group by kind, severity`,
    ),
    rows<{ count: string }>(sql`select count(*) as count from worker_heartbeats where seen_at > now() - interval '30 seconds'`),
    billingMetrics(),
  ]);
  const lag = eventLag[0];
  return [
    {
      name: 'paydeck_payments',
      help: 'Payments by Stripe status (all time).',
      type: 'gauge',
      samples: paymentStatus.map((r) => ({ labels: { status: r.status }, value: n(r.count) })),
    },
    {
      name: 'paydeck_refunds',
      help: 'Refunds by status and currency (all time).',
      type: 'gauge',
      samples: refundStatus.map((r) => ({ labels: { status: r.status, currency: r.currency }, value: n(r.count) })),
    },
    {
      name: 'paydeck_refunds_amount_minor',
      help: 'Refunded amount by status and currency, in minor units (all time).',
      type: 'gauge',
      samples: refundStatus.map((r) => ({ labels: { status: r.status, currency: r.currency }, value: n(r.amount) })),
    },
    {
      name: 'paydeck_webhook_events',
      help: 'Stored Stripe events by processing outcome.',
      type: 'gauge',
      samples: eventStatus.map((r) => ({ labels: { status: r.status }, value: n(r.count) })),
    },
    {
      name: 'paydeck_webhook_oldest_unprocessed_seconds',
      help: 'Age of the oldest pending or failed event (0 when none).',
      type: 'gauge',
      samples: [{ value: Math.round(n(oldest[0]?.seconds)) }],
    },
    {
      name: 'paydeck_webhook_delivery_lag_seconds',
      help: 'Mean time from Stripe creating an event to our receiving it, events processed in the last 5 minutes.',
      type: 'gauge',
      samples: [{ value: n(lag?.delivery) }],
    },
    {
      name: 'paydeck_webhook_processing_lag_seconds',
      help: 'Mean time from receiving an event to processing it, last 5 minutes.',
      type: 'gauge',
      samples: [{ value: n(lag?.processing) }],
    },
    {
      name: 'paydeck_webhook_handler_seconds',
      help: 'Mean handler duration, last 5 minutes.',
      type: 'gauge',
      samples: [{ value: n(lag?.handler) }],
    },
    {
      name: 'paydeck_webhook_processed_recent',
      help: 'Events processed in the last 5 minutes.',
      type: 'gauge',
      samples: [{ value: n(lag?.processed) }],
    },
    {
      name: 'paydeck_job_queue_depth',
      help: 'Jobs waiting or running, by queue and state.',
      type: 'gauge',
      samples: queue.map((r) => ({ labels: { queue: r.name, state: r.state }, value: n(r.count) })),
    },
    {
      name: 'paydeck_alerts_open',
      help: 'Open alerts by kind and severity.',
      type: 'gauge',
      samples: openAlerts.map((r) => ({ labels: { kind: r.kind, severity: r.severity }, value: n(r.count) })),
    },
    {
      name: 'paydeck_subscriptions',
      help: 'Subscriptions by Stripe status.',
      type: 'gauge',
      samples: Object.entries(billing.subscriptionsByStatus).map(([status, count]) => ({ labels: { status }, value: count })),
    },
    {
      name: 'paydeck_invoice_payment_failures_total',
      help: 'Failed invoice payment attempts.',
      type: 'counter',
      samples: [{ value: billing.failedInvoicePayments }],
    },
    { name: 'paydeck_open_invoices', help: 'Open invoices of subscriptions.', type: 'gauge', samples: [{ value: billing.openInvoices }] },
    {
      name: 'paydeck_workers_up',
      help: 'Workers with a heartbeat in the last 30 seconds.',
      type: 'gauge',
      samples: [{ value: n(workers[0]?.count) }],
    },
    {
      name: 'paydeck_metrics_collect_seconds',
      help: 'Time taken to collect these metrics.',
      type: 'gauge',
      samples: [{ value: Math.round(performance.now() - started) / 1000 }],
    },
  ];
}
