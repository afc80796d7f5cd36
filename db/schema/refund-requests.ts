import { sql } from 'drizzle-orm';
import { bigint, boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { payments, refunds } from './payments';
import { users } from './users';

export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer';
export type RefundRequestStatus = 'pending_approval' | 'approved' | 'rejected';

/**
 * An admin's refund request: who asked, why, and (above the approval threshold) which second
 * admin approved it. Once approved it is executed as the refund with the same id.
 */
export const refundRequests = pgTable(
  'refund_requests',
  {
    id: uuid('id').primaryKey(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    reason: text('reason').$type<RefundReason>().notNull(),
    /** The internal note, encrypted (lib/security/crypto.ts, context `refund_requests.note:<id>`): free text may name a person. */
    note: text('note'),
    approvalRequired: boolean('approval_required').notNull(),
    status: text('status').$type<RefundRequestStatus>().notNull(),
    requestedBy: text('requested_by')
      .notNull()
      .references(() => users.id),
    decidedBy: text('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    refundId: uuid('refund_id').references(() => refunds.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => sql`now()`),
  },
  (t) => [index('refund_requests_payment_idx').on(t.paymentId), index('refund_requests_status_idx').on(t.status, t.createdAt)],
);

export type RefundRequest = typeof refundRequests.$inferSelect;
