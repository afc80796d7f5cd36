import 'server-only';
import { sql } from 'drizzle-orm';
import { db, type Tx } from '@/db';

// Advisory-lock namespaces (first key); the second key is a hash of the object's id.
const NAMESPACE = { subscription: 51_001, invoice: 51_002 } as const;

/**
 * Runs `fn` in a transaction holding a lock on one Stripe object, so "fetch from Stripe, then
 * write" never interleaves: the last write is always the newest fetch. `fn` must do all its
 * database work in `tx` (one pooled connection per sync, never two).
 */
export function withObjectLock<T>(kind: keyof typeof NAMESPACE, id: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${NAMESPACE[kind]}::int, hashtext(${id}))`);
    return fn(tx);
  });
}
