import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Mirror of Stripe products (one-time packs and subscription plans), keyed by Stripe id. */
export const products = pgTable('products', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  active: boolean('active').notNull(),
  metadata: jsonb('metadata').$type<Record<string, string>>().notNull().default({}),
  stripeCreated: timestamp('stripe_created', { withTimezone: true }).notNull(),
  deleted: boolean('deleted').notNull().default(false),
  syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Mirror of Stripe prices; `lookupKey` is the stable name the seed and the app use. */
export const prices = pgTable(
  'prices',
  {
    id: text('id').primaryKey(),
    productId: text('product_id').notNull(),
    active: boolean('active').notNull(),
    currency: text('currency').notNull(),
    unitAmount: bigint('unit_amount', { mode: 'number' }),
    type: text('type').$type<'one_time' | 'recurring'>().notNull(),
    recurringInterval: text('recurring_interval').$type<'day' | 'week' | 'month' | 'year'>(),
    recurringIntervalCount: integer('recurring_interval_count'),
    trialPeriodDays: integer('trial_period_days'),
    lookupKey: text('lookup_key').unique(),
    nickname: text('nickname'),
    metadata: jsonb('metadata').$type<Record<string, string>>().notNull().default({}),
    stripeCreated: timestamp('stripe_created', { withTimezone: true }).notNull(),
    deleted: boolean('deleted').notNull().default(false),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('prices_product_idx').on(t.productId)],
);

export type Product = typeof products.$inferSelect;
export type Price = typeof prices.$inferSelect;
