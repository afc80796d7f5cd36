import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { displayStatusSql } from './payment-display-status';
import { users } from './users';

/** PaymentIntent statuses as Stripe names them, plus `unknown` when a Stripe call timed out. */
export type PaymentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'succeeded'
  | 'canceled'
  | 'unknown';

/** One row per PaymentIntent, created before the intent so its id can key the Stripe call. */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    stripePaymentIntentId: text('stripe_payment_intent_id').unique(),
    stripeCustomerId: text('stripe_customer_id'),
    priceId: text('price_id'),
    quantity: integer('quantity').notNull().default(1),
    description: text('description'),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    status: text('status').$type<PaymentStatus>().notNull(),
    amountRefunded: bigint('amount_refunded', { mode: 'number' }).notNull().default(0),
    lastErrorCode: text('last_error_code'),
    lastErrorMessage: text('last_error_message'),
    cardBrand: text('card_brand'),
    cardLast4: text('card_last4'),
    cardExpMonth: smallint('card_exp_month'),
    cardExpYear: smallint('card_exp_year'),
    receiptUrl: text('receipt_url'),
    latestChargeId: text('latest_charge_id'),
    disputed: boolean('disputed').notNull().default(false),
    /** Which Stripe account took the payment (a fallback account may take new ones in an outage). */
    stripeAccount: text('stripe_account').notNull().default('primary'),
    /** `created` of the newest Stripe event applied to this row, to ignore older snapshots. */
    stripeEventAt: timestamp('stripe_event_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => sql`now()`),
  },
  (t) => [
    // Keyset pagination of a user's history, newest first.
    index('payments_user_created_idx').on(t.userId, t.createdAt.desc(), t.id.desc()),
    index('payments_status_updated_idx').on(t.status, t.updatedAt),
    // Admin list and overview at a million rows: each filter has an index that also yields the keyset order.
    index('payments_created_idx').on(t.createdAt, t.id),
    index('payments_display_status_idx').on(displayStatusSql(t), t.createdAt, t.id),
    index('payments_currency_created_idx').on(t.currency, t.createdAt, t.id),
    index('payments_amount_idx').on(t.amount, t.id),
    index('payments_last4_idx').on(t.cardLast4, t.createdAt, t.id),
  ],
);

/** Saved cards: display data only — Stripe holds the card. */
export const paymentMethods = pgTable(
  'payment_methods',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    brand: text('brand').notNull(),
    last4: text('last4').notNull(),
    expMonth: smallint('exp_month').notNull(),
    expYear: smallint('exp_year').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('payment_methods_user_idx').on(t.userId)],
);

export type RefundStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';

/** Refunds, ours (admin dialog, row first) or Stripe's (created elsewhere, mirrored from webhooks). */
export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    stripeRefundId: text('stripe_refund_id').unique(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    status: text('status').$type<RefundStatus>().notNull(),
    reason: text('reason'),
    failureReason: text('failure_reason'),
    requestedBy: text('requested_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => sql`now()`),
  },
  (t) => [index('refunds_payment_idx').on(t.paymentId), index('refunds_created_idx').on(t.createdAt)],
);

export type Payment = typeof payments.$inferSelect;
export type SavedPaymentMethod = typeof paymentMethods.$inferSelect;
export type Refund = typeof refunds.$inferSelect;
