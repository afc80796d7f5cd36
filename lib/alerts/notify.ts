import 'server-only';
import type { Alert } from '@/db/schema';
import { env } from '@/lib/env';
import { logger } from '@/lib/log/logger';

const TIMEOUT_MS = 5_000;

/**
 * POSTs a new alert as JSON to ALERT_WEBHOOK_URL (if set). `text` makes it readable in Slack-style
 * incoming webhooks. A failed delivery is logged, never retried into a duplicate alert.
 */
export async function notifyAlert(alert: Alert): Promise<boolean> {
  const url = env().alerts.webhookUrl;
  if (!url) return false;
  const body = {
    text: `[${alert.severity}] ${alert.message}`,
    id: alert.id,
    kind: alert.kind,
    severity: alert.severity,
    message: alert.message,
    data: alert.data,
    createdAt: alert.createdAt.toISOString(),
    source: 'paydeck',
  };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) logger.warn({ status: response.status, alertId: alert.id }, 'alert webhook refused the alert');
    return response.ok;
  } catch (err) {
    logger.warn({ err, alertId: alert.id }, 'alert webhook unreachable');
    return false;
  }
}
