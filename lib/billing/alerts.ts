import 'server-only';
import { createHash } from 'node:crypto';
import { db, type Tx } from '@/db';
import { alerts, type AlertSeverity } from '@/db/schema';

/** A stable UUID for a deduplication key, so an alert raised again by a replayed event is inserted once. */
export function alertIdFor(key: string): string {
  const hex = createHash('sha256').update(`paydeck-alert:${key}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export type NewAlert = { key: string; kind: string; severity: AlertSeverity; message: string; data?: Record<string, unknown> };

/** Records an operational alert once per key (the admin dashboard lists them). Returns whether it was new. */
export async function raiseAlert(alert: NewAlert, tx?: Tx): Promise<boolean> {
  const rows = await (tx ?? db)
    .insert(alerts)
    .values({ id: alertIdFor(alert.key), kind: alert.kind, severity: alert.severity, message: alert.message, data: alert.data ?? {} })
    .onConflictDoNothing()
    .returning({ id: alerts.id });
  return rows.length > 0;
}
