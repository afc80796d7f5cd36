import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { checkoutLeases } from '@/db/schema';
import { AppError } from '@/lib/errors';

// Longer than a checkout's Stripe calls with retries; a crashed holder's lease lapses after it.
const LEASE_SECONDS = 60;
const WAIT_MS = 20_000;
const POLL_MS = 100;

async function acquire(userId: string, holder: string): Promise<boolean> {
  const expiresAt = sql`now() + make_interval(secs => ${LEASE_SECONDS})`;
  const [row] = await db
    .insert(checkoutLeases)
    .values({ userId, holder, expiresAt })
    .onConflictDoUpdate({ target: checkoutLeases.userId, set: { holder, expiresAt }, setWhere: sql`${checkoutLeases.expiresAt} < now()` })
    .returning({ holder: checkoutLeases.holder });
  return row?.holder === holder;
}

/**
 * Runs `fn` while holding the user's checkout lease: concurrent checkouts of one user run one
 * after the other (the next one sees what the previous one created). No connection is held
 * while waiting or running, so a burst of checkouts cannot starve the pool.
 */
export async function withCheckoutLease<T>(userId: string, fn: () => Promise<T>): Promise<T> {
  const holder = randomUUID();
  const deadline = Date.now() + WAIT_MS;
  while (!(await acquire(userId, holder))) {
    if (Date.now() > deadline)
      throw new AppError('conflict', 'Another checkout for your account is in progress. Please try again in a moment.');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await fn();
  } finally {
    await db.delete(checkoutLeases).where(and(eq(checkoutLeases.userId, userId), eq(checkoutLeases.holder, holder)));
  }
}
