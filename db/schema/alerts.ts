import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export type AlertSeverity = 'warning' | 'critical';

/** Operational alerts (failed-payment rate, dead webhooks…): open until `resolvedAt` is set. */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    severity: text('severity').$type<AlertSeverity>().notNull(),
    message: text('message').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    // The overview shows open alerts; the job looks up the open alert of a kind.
    index('alerts_open_idx')
      .on(t.kind, t.createdAt)
      .where(sql`${t.resolvedAt} is null`),
    index('alerts_created_idx').on(t.createdAt),
  ],
);

export type Alert = typeof alerts.$inferSelect;
