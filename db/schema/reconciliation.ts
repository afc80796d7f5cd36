import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export type ReconciliationStatus = 'queued' | 'running' | 'completed' | 'failed';

/** One reconciliation of a time window against Stripe (admin button or `npm run reconcile`), with its progress and report. */
export const reconciliationRuns = pgTable(
  'reconciliation_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source').$type<'admin' | 'cli'>().notNull(),
    startedBy: text('started_by').references(() => users.id),
    windowFrom: timestamp('window_from', { withTimezone: true }).notNull(),
    windowTo: timestamp('window_to', { withTimezone: true }).notNull(),
    repair: boolean('repair').notNull(),
    status: text('status').$type<ReconciliationStatus>().notNull(),
    phase: text('phase'),
    done: integer('done').notNull().default(0),
    total: integer('total').notNull().default(0),
    report: jsonb('report').$type<Record<string, unknown>>(),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('reconciliation_runs_created_idx').on(t.createdAt)],
);

export type ReconciliationRun = typeof reconciliationRuns.$inferSelect;
