import { boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export type StripeEventStatus = 'pending' | 'processed' | 'ignored' | 'failed' | 'dead';

/** The webhook inbox: each Stripe event stored once (primary key = event id), processed at least once. */
export const stripeEvents = pgTable(
  'stripe_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    apiVersion: text('api_version'),
    livemode: boolean('livemode').notNull(),
    stripeCreated: timestamp('stripe_created', { withTimezone: true }).notNull(),
    objectId: text('object_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<StripeEventStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    firstAttemptAt: timestamp('first_attempt_at', { withTimezone: true }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
  },
  (t) => [
    index('stripe_events_status_received_idx').on(t.status, t.receivedAt),
    index('stripe_events_object_idx').on(t.objectId),
    index('stripe_events_type_received_idx').on(t.type, t.receivedAt),
    // The admin webhook log, newest first, unfiltered.
    index('stripe_events_received_idx').on(t.receivedAt, t.id),
  ],
);

/** Small key-value settings shared by every instance (e.g. the emulator webhook secret). */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type StripeEvent = typeof stripeEvents.$inferSelect;
