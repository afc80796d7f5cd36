import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { alerts, type Alert, type User } from '@/db/schema';
import { audit, type RequestMeta } from '@/lib/audit';
import { assertAdmin } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';

export type AlertView = {
  id: string;
  kind: string;
  severity: Alert['severity'];
  message: string;
  data: Record<string, unknown>;
  createdAt: string;
  resolvedAt: string | null;
};

export const toAlertView = (a: Alert): AlertView => ({
  id: a.id,
  kind: a.kind,
  severity: a.severity,
  message: a.message,
  data: a.data,
  createdAt: a.createdAt.toISOString(),
  resolvedAt: a.resolvedAt?.toISOString() ?? null,
});

/** Open alerts, newest first (overview banner). Admins only. */
export async function listOpenAlerts(actor: User | null, options: { limit?: number } = {}): Promise<AlertView[]> {
  assertAdmin(actor);
  const rows = await db
    .select()
    .from(alerts)
    .where(isNull(alerts.resolvedAt))
    .orderBy(desc(alerts.createdAt))
    .limit(Math.min(Math.max(options.limit ?? 20, 1), 100));
  return rows.map(toAlertView);
}

/** An admin marks an open alert resolved (the job also resolves its own alerts once the condition clears). Audited. */
export async function resolveAlert(actor: User | null, alertId: string, ctx: { request?: RequestMeta } = {}): Promise<AlertView> {
  assertAdmin(actor);
  if (!z.uuid().safeParse(alertId).success) throw new AppError('not_found', 'Alert not found.');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(alerts)
      .set({ resolvedAt: new Date() })
      .where(and(eq(alerts.id, alertId), isNull(alerts.resolvedAt)))
      .returning();
    if (!row) throw new AppError('not_found', 'No open alert with this id.');
    await audit(
      {
        actor: { type: 'admin', id: actor.id },
        action: 'alert.resolved',
        target: { type: 'alert', id: row.id },
        data: { kind: row.kind },
        request: ctx.request,
      },
      tx,
    );
    return toAlertView(row);
  });
}
