import { bigint, bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Append-only, hash-chained record of who did what; see lib/audit.ts. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actorType: text('actor_type').$type<'user' | 'admin' | 'system' | 'stripe'>().notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    amount: bigint('amount', { mode: 'number' }),
    currency: text('currency'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull().unique(),
  },
  (t) => [index('audit_log_target_idx').on(t.targetType, t.targetId), index('audit_log_actor_idx').on(t.actorId, t.occurredAt)],
);

export type AuditRow = typeof auditLog.$inferSelect;
