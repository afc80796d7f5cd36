import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import { db } from '@/db';
import { idempotencyKeys } from '@/db/schema';
import { AppError, asAppError, toErrorBody } from '@/lib/errors';

export type StoredResponse = { status: number; body: unknown };

const KEY_PATTERN = /^[\x21-\x7e]{8,255}$/;
// An in-progress key older than this is assumed abandoned (crashed process) and may be taken over.
const STALE_AFTER_MS = 30_000;

/** The request's Idempotency-Key header, required on our mutating payment API. */
export function idempotencyKeyOf(request: Request): string {
  const key = request.headers.get('idempotency-key');
  if (!key) throw new AppError('bad_request', 'The Idempotency-Key header is required for this request.');
  if (!KEY_PATTERN.test(key)) throw new AppError('bad_request', 'The Idempotency-Key header must be 8–255 visible ASCII characters.');
  return key;
}

function hashRequest(scope: string, request: unknown): string {
  return createHash('sha256')
    .update(scope)
    .update('\n')
    .update(JSON.stringify(request ?? null))
    .digest('hex');
}

/**
 * Runs `run` once per (user, key): a replay returns the stored response (errors included, as
 * Stripe does), the same key with another request → 422, a duplicate still in flight → 409.
 * `run` receives a resource id fixed when the key was first seen, so a retry after a crash
 * re-runs with the same ids and therefore the same Stripe idempotency keys.
 */
export async function idempotent(
  options: { userId: string; key: string; scope: string; request: unknown },
  run: (resourceId: string) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  const requestHash = hashRequest(options.scope, options.request);
  const owner = and(eq(idempotencyKeys.userId, options.userId), eq(idempotencyKeys.key, options.key));
  const [inserted] = await db
    .insert(idempotencyKeys)
    .values({ userId: options.userId, key: options.key, scope: options.scope, requestHash, resourceId: randomUUID(), state: 'in_progress' })
    .onConflictDoNothing()
    .returning();
  let record = inserted;
  if (!record) {
    const [existing] = await db.select().from(idempotencyKeys).where(owner);
    if (!existing) throw new AppError('conflict');
    if (existing.requestHash !== requestHash)
      throw new AppError('validation_failed', 'This Idempotency-Key was already used with a different request.');
    if (existing.state === 'completed') return { status: existing.responseStatus ?? 200, body: existing.responseBody, replayed: true };
    const [taken] = await db
      .update(idempotencyKeys)
      .set({ lockedAt: new Date() })
      .where(and(owner, eq(idempotencyKeys.state, 'in_progress'), lt(idempotencyKeys.lockedAt, new Date(Date.now() - STALE_AFTER_MS))))
      .returning();
    if (!taken) throw new AppError('conflict', 'A request with this Idempotency-Key is still in progress.');
    record = taken;
  }

  let response: StoredResponse;
  try {
    response = await run(record.resourceId);
  } catch (error) {
    const appError = asAppError(error);
    if (appError.status >= 500) {
      // Outcome unknown or retryable: release the key at once so a retry re-runs with the same ids.
      await db
        .update(idempotencyKeys)
        .set({ lockedAt: new Date(0) })
        .where(owner);
      throw appError;
    }
    const { status, body } = toErrorBody(appError);
    response = { status, body };
  }
  await db.update(idempotencyKeys).set({ state: 'completed', responseStatus: response.status, responseBody: response.body }).where(owner);
  return { ...response, replayed: false };
}

/** Drops keys older than Stripe's 24-hour window (run by the maintenance job). */
export async function purgeIdempotencyKeys(olderThanHours = 24): Promise<number> {
  const rows = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${olderThanHours})`))
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}
