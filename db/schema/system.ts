import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** One row per running worker process, refreshed every few seconds; /api/health reads it. */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  workerId: text('worker_id').primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
});
