import 'server-only';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { stripeEvents, type StripeEvent, type StripeEventStatus, type User } from '@/db/schema';
import { audit, type RequestMeta } from '@/lib/audit';
import { assertAdmin } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { enqueue } from '@/lib/jobs/boss';
import { EVENT_QUEUE } from '@/lib/jobs/queues';
import { decodeCursor, encodeCursor } from './cursor';
import { cursorParam, limitParam, optional } from './query-params';
import { redactPersonal } from './redact';

export const EVENT_STATUSES = ['pending', 'processed', 'ignored', 'failed', 'dead'] as const satisfies readonly StripeEventStatus[];
const RETRYABLE: StripeEventStatus[] = ['failed', 'dead'];

export const webhookListQuery = z.strictObject({
  type: optional(
    z
      .string()
      .trim()
      .max(100, 'Enter an event type like payment_intent.succeeded.')
      .refine((v) => v.split('.').every((part) => /^[a-z_]+$/.test(part)), 'Enter an event type like payment_intent.succeeded.'),
  ),
  status: optional(z.enum(EVENT_STATUSES, 'Choose one of the listed statuses.')),
  q: optional(
    z
      .string()
      .trim()
      .regex(/^evt_[A-Za-z0-9_]{1,250}$/, 'Search by a full event id (evt_…).'),
  ),
  cursor: cursorParam,
  limit: limitParam(25),
});
export type WebhookListInput = z.input<typeof webhookListQuery>;

export type WebhookEventRow = {
  id: string;
  type: string;
  status: StripeEventStatus;
  objectId: string | null;
  attempts: number;
  lastError: string | null;
  stripeCreated: string;
  receivedAt: string;
  processedAt: string | null;
  durationMs: number | null;
};

const toRow = (e: Omit<StripeEvent, 'payload' | 'apiVersion' | 'livemode'>): WebhookEventRow => ({
  id: e.id,
  type: e.type,
  status: e.status,
  objectId: e.objectId,
  attempts: e.attempts,
  lastError: e.lastError,
  stripeCreated: e.stripeCreated.toISOString(),
  receivedAt: e.receivedAt.toISOString(),
  processedAt: e.processedAt?.toISOString() ?? null,
  durationMs: e.durationMs,
});

const listColumns = {
  id: stripeEvents.id,
  type: stripeEvents.type,
  status: stripeEvents.status,
  objectId: stripeEvents.objectId,
  attempts: stripeEvents.attempts,
  lastError: stripeEvents.lastError,
  stripeCreated: stripeEvents.stripeCreated,
  receivedAt: stripeEvents.receivedAt,
  firstAttemptAt: stripeEvents.firstAttemptAt,
  lastAttemptAt: stripeEvents.lastAttemptAt,
  processedAt: stripeEvents.processedAt,
  durationMs: stripeEvents.durationMs,
  receivedExact: sql<string>`${stripeEvents.receivedAt}::text`,
};

/** The webhook log, newest first, filtered by type and status or found by event id; keyset-paginated. Admins only. */
export async function listWebhookEvents(
  actor: User | null,
  input: WebhookListInput,
): Promise<{ items: WebhookEventRow[]; nextCursor: string | null }> {
  assertAdmin(actor);
  const q = webhookListQuery.parse(input);
  const at = q.cursor ? decodeCursor(q.cursor, 'received_desc') : null;
  const where: (SQL | undefined)[] = [
    q.type ? eq(stripeEvents.type, q.type) : undefined,
    q.status ? eq(stripeEvents.status, q.status) : undefined,
    q.q ? eq(stripeEvents.id, q.q) : undefined,
    at ? sql`(${stripeEvents.receivedAt}, ${stripeEvents.id}) < (${String(at.v)}::timestamptz, ${at.id})` : undefined,
  ];
  const rows = await db
    .select(listColumns)
    .from(stripeEvents)
    .where(and(...where))
    .orderBy(desc(stripeEvents.receivedAt), desc(stripeEvents.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toRow),
    nextCursor: rows.length > q.limit && last ? encodeCursor('received_desc', { v: last.receivedExact, id: last.id }) : null,
  };
}

export type WebhookEventDetail = WebhookEventRow & {
  apiVersion: string | null;
  livemode: boolean;
  firstAttemptAt: string | null;
  lastAttemptAt: string | null;
  /** Seconds from Stripe creating the event to our receiving it. */
  deliveryLagSeconds: number;
  retryable: boolean;
  payload: unknown;
};

/** One event with its attempts, timings, last error and the payload with personal fields redacted. Admins only. */
export async function getWebhookEvent(actor: User | null, eventId: string): Promise<WebhookEventDetail> {
  assertAdmin(actor);
  if (!/^evt_[A-Za-z0-9_]{1,250}$/.test(eventId)) throw new AppError('not_found', 'Event not found.');
  const [e] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, eventId));
  if (!e) throw new AppError('not_found', 'Event not found.');
  return {
    ...toRow(e),
    apiVersion: e.apiVersion,
    livemode: e.livemode,
    firstAttemptAt: e.firstAttemptAt?.toISOString() ?? null,
    lastAttemptAt: e.lastAttemptAt?.toISOString() ?? null,
    deliveryLagSeconds: Math.max(0, Math.round((e.receivedAt.getTime() - e.stripeCreated.getTime()) / 1000)),
    retryable: RETRYABLE.includes(e.status),
    payload: redactPersonal(e.payload),
  };
}

/**
 * "Retry now" for a failed or dead event: back to pending and a fresh job with a full set of
 * retries. Handlers are idempotent, so a retry racing a scheduled one has one effect. Audited.
 */
export async function retryWebhookEvent(
  actor: User | null,
  eventId: string,
  ctx: { request?: RequestMeta } = {},
): Promise<WebhookEventRow> {
  assertAdmin(actor);
  if (!/^evt_[A-Za-z0-9_]{1,250}$/.test(eventId)) throw new AppError('not_found', 'Event not found.');
  const [row] = await db
    .update(stripeEvents)
    .set({ status: 'pending', lastError: null })
    .where(and(eq(stripeEvents.id, eventId), inArray(stripeEvents.status, RETRYABLE)))
    .returning();
  if (!row) {
    const [exists] = await db.select({ status: stripeEvents.status }).from(stripeEvents).where(eq(stripeEvents.id, eventId));
    if (!exists) throw new AppError('not_found', 'Event not found.');
    throw new AppError('conflict', `Only failed or dead events can be retried; this one is ${exists.status}.`);
  }
  await enqueue(EVENT_QUEUE, { eventId });
  await audit({
    actor: { type: 'admin', id: actor.id },
    action: 'webhook.retried',
    target: { type: 'stripe_event', id: eventId },
    data: { type: row.type, attempts: row.attempts },
    request: ctx.request,
  });
  return toRow(row);
}
