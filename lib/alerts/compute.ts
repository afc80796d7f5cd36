import 'server-only';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { db } from '@/db';
import { alerts, type Alert, type AlertSeverity } from '@/db/schema';
import { env } from '@/lib/env';
import { logger } from '@/lib/log/logger';
import { notifyAlert } from './notify';

export const ALERT_KINDS = ['failed_payment_rate', 'dead_webhooks'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type AlertCheck = { kind: AlertKind; breached: boolean; severity: AlertSeverity; message: string; data: Record<string, unknown> };

// One evaluation at a time, so two workers never raise the same alert twice.
const ALERTS_LOCK = 4_211_978;

/** Failed share of payments that reached an outcome in the window (succeeded or declined). */
async function failedPaymentRate(windowMinutes: number): Promise<AlertCheck> {
  const { failedPaymentRate: threshold, minPayments } = env().alerts;
  const [row] = await db.execute<{ succeeded: string; failed: string }>(sql`
    select count(*) filter (where status = 'succeeded') as succeeded,
           count(*) filter (where status = 'requires_payment_method' and last_error_code is not null) as failed
    from payments
    where status in ('succeeded', 'requires_payment_method') and updated_at >= now() - make_interval(mins => ${windowMinutes})`);
  const succeeded = Number(row?.succeeded ?? 0);
  const failed = Number(row?.failed ?? 0);
  const total = succeeded + failed;
  const rate = total === 0 ? 0 : failed / total;
  const breached = total >= minPayments && rate >= threshold;
  const percent = Math.round(rate * 1000) / 10;
  return {
    kind: 'failed_payment_rate',
    breached,
    severity: rate >= Math.min(1, threshold * 2) ? 'critical' : 'warning',
    message: `${percent}% of payments failed in the last ${windowMinutes} minutes (${failed} of ${total}; threshold ${Math.round(threshold * 100)}%).`,
    data: { failed, succeeded, total, rate, threshold, minPayments, windowMinutes },
  };
}

/** Webhook events that exhausted their retries in the window. */
async function deadWebhooks(windowMinutes: number): Promise<AlertCheck> {
  const threshold = env().alerts.deadWebhooks;
  const [row] = await db.execute<{ dead: string }>(sql`
    select count(*) as dead from stripe_events
    where status = 'dead' and last_attempt_at >= now() - make_interval(mins => ${windowMinutes})`);
  const dead = Number(row?.dead ?? 0);
  return {
    kind: 'dead_webhooks',
    breached: dead >= threshold,
    severity: dead >= threshold * 10 ? 'critical' : 'warning',
    message: `${dead} webhook event${dead === 1 ? '' : 's'} failed every retry in the last ${windowMinutes} minutes (threshold ${threshold}).`,
    data: { dead, threshold, windowMinutes },
  };
}

/**
 * The alerts job: evaluates the failed-payment rate and the dead-webhook count over the sliding
 * window, records an alert when a threshold is crossed (one open alert per kind), resolves it when
 * the condition clears, and POSTs each new alert to ALERT_WEBHOOK_URL. System job, no actor.
 */
export async function computeAlerts(): Promise<{ checks: AlertCheck[]; raised: string[]; resolved: string[] }> {
  const windowMinutes = env().alerts.windowMinutes;
  const checks = await Promise.all([failedPaymentRate(windowMinutes), deadWebhooks(windowMinutes)]);
  const { raised, resolved } = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ALERTS_LOCK})`);
    const open = await tx
      .select()
      .from(alerts)
      .where(and(isNull(alerts.resolvedAt), inArray(alerts.kind, [...ALERT_KINDS])));
    const created: Alert[] = [];
    const closed: string[] = [];
    for (const check of checks) {
      const current = open.find((a) => a.kind === check.kind);
      if (check.breached && !current) {
        const [row] = await tx
          .insert(alerts)
          .values({ kind: check.kind, severity: check.severity, message: check.message, data: check.data })
          .returning();
        if (row) created.push(row);
      } else if (check.breached && current) {
        // Still breached: keep one alert, with the latest figures.
        await tx
          .update(alerts)
          .set({ message: check.message, data: check.data, severity: check.severity })
          .where(eq(alerts.id, current.id));
      } else if (!check.breached && current) {
        await tx
          .update(alerts)
          .set({ resolvedAt: new Date(), data: { ...current.data, resolvedWith: check.data } })
          .where(eq(alerts.id, current.id));
        closed.push(current.id);
      }
    }
    return { raised: created, resolved: closed };
  });
  for (const alert of raised) {
    logger.warn({ alertId: alert.id, kind: alert.kind, severity: alert.severity }, alert.message);
    await notifyAlert(alert);
  }
  return { checks, raised: raised.map((a) => a.id), resolved };
}
