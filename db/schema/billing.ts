import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users';

/** Subscription statuses as Stripe names them. */
export type SubscriptionStatus =
  'incomplete' | 'incomplete_expired' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'paused';

/** Statuses that occupy the user's one subscription: a checkout in progress counts, an ended one does not. */
export const LIVE_SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = [
  'incomplete',
  'trialing',
  'active',
  'past_due',
  'unpaid',
  'paused',
];

/** Mirror of Stripe subscriptions (one price each), keyed by Stripe id and written only from Stripe's own objects. */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    stripeCustomerId: text('stripe_customer_id').notNull(),
    status: text('status').$type<SubscriptionStatus>().notNull(),
    /** The subscription item that carries the price (plan changes update it). */
    stripeItemId: text('stripe_item_id').notNull(),
    priceId: text('price_id').notNull(),
    productId: text('product_id').notNull(),
    /** Product metadata `plan` (starter, pro): what entitlements are keyed by. */
    planKey: text('plan_key'),
    planName: text('plan_name').notNull(),
    unitAmount: bigint('unit_amount', { mode: 'number' }),
    currency: text('currency').notNull(),
    interval: text('interval').$type<'day' | 'week' | 'month' | 'year'>().notNull(),
    intervalCount: integer('interval_count').notNull().default(1),
    quantity: integer('quantity').notNull().default(1),
    currentPeriodStart: timestamp('current_period_start', { withTimezone: true }).notNull(),
    currentPeriodEnd: timestamp('current_period_end', { withTimezone: true }).notNull(),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    cancelAt: timestamp('cancel_at', { withTimezone: true }),
    canceledAt: timestamp('canceled_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    trialStart: timestamp('trial_start', { withTimezone: true }),
    trialEnd: timestamp('trial_end', { withTimezone: true }),
    /** Stripe time the subscription fell past due (its failed invoice's creation); null otherwise. */
    pastDueSince: timestamp('past_due_since', { withTimezone: true }),
    /** A downgrade made at period end keeps the previous plan's features until this date (from Stripe metadata). */
    priorPlanKey: text('prior_plan_key'),
    priorPriceId: text('prior_price_id'),
    priorPlanUntil: timestamp('prior_plan_until', { withTimezone: true }),
    defaultPaymentMethodId: text('default_payment_method_id'),
    cardBrand: text('card_brand'),
    cardLast4: text('card_last4'),
    cardExpMonth: smallint('card_exp_month'),
    cardExpYear: smallint('card_exp_year'),
    latestInvoiceId: text('latest_invoice_id'),
    pendingSetupIntentId: text('pending_setup_intent_id'),
    testClockId: text('test_clock_id'),
    stripeCreated: timestamp('stripe_created', { withTimezone: true }).notNull(),
    /** When this row was last written from a fresh Stripe object. */
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => sql`now()`),
  },
  (t) => [
    // At most one live subscription per user, whatever path wrote it (double submit, two tabs, webhooks).
    uniqueIndex('subscriptions_one_live_per_user_idx')
      .on(t.userId)
      .where(sql`${t.status} in ('incomplete', 'trialing', 'active', 'past_due', 'unpaid', 'paused')`),
    index('subscriptions_user_created_idx').on(t.userId, t.stripeCreated.desc()),
    index('subscriptions_status_idx').on(t.status, t.currentPeriodEnd),
    index('subscriptions_customer_idx').on(t.stripeCustomerId),
  ],
);

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

/** Mirror of Stripe invoices of our customers: status, amounts and the hosted links. */
export const invoices = pgTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    subscriptionId: text('subscription_id'),
    stripeCustomerId: text('stripe_customer_id').notNull(),
    number: text('number'),
    status: text('status').$type<InvoiceStatus>().notNull(),
    billingReason: text('billing_reason'),
    currency: text('currency').notNull(),
    subtotal: bigint('subtotal', { mode: 'number' }).notNull(),
    total: bigint('total', { mode: 'number' }).notNull(),
    amountDue: bigint('amount_due', { mode: 'number' }).notNull(),
    amountPaid: bigint('amount_paid', { mode: 'number' }).notNull(),
    amountRemaining: bigint('amount_remaining', { mode: 'number' }).notNull(),
    attemptCount: integer('attempt_count').notNull().default(0),
    nextPaymentAttempt: timestamp('next_payment_attempt', { withTimezone: true }),
    /** The PaymentIntent collecting it, to tell a declined card from one awaiting 3-D Secure. */
    paymentIntentId: text('payment_intent_id'),
    hostedInvoiceUrl: text('hosted_invoice_url'),
    invoicePdf: text('invoice_pdf'),
    periodStart: timestamp('period_start', { withTimezone: true }),
    periodEnd: timestamp('period_end', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    stripeCreated: timestamp('stripe_created', { withTimezone: true }).notNull(),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => sql`now()`),
  },
  (t) => [
    index('invoices_user_created_idx').on(t.userId, t.stripeCreated.desc(), t.id.desc()),
    index('invoices_subscription_status_idx').on(t.subscriptionId, t.status),
    index('invoices_status_created_idx').on(t.status, t.stripeCreated),
  ],
);

/**
 * One user's checkout in progress: a short lease (not a held transaction or connection), so two
 * tabs or a double submit start subscriptions one after the other, on any app instance.
 */
export const checkoutLeases = pgTable('checkout_leases', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export type Subscription = typeof subscriptions.$inferSelect;
export type Invoice = typeof invoices.$inferSelect;
