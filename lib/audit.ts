import 'server-only';
import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import { db, type Database, type Tx } from '@/db';
import { auditLog, type AuditRow } from '@/db/schema';

export type AuditActor = { type: 'user' | 'admin' | 'system' | 'stripe'; id?: string | null };
export type RequestMeta = { ip?: string | null; userAgent?: string | null; requestId?: string | null };

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  target?: { type: string; id: string };
  amount?: number | null;
  currency?: string | null;
  data?: Record<string, unknown>;
  request?: RequestMeta;
};

const GENESIS = '0'.repeat(64);
// One chain, one writer at a time: the lock serialises appends so each row links to the last.
const AUDIT_LOCK = 4_211_977;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

type Hashed = Pick<
  AuditRow,
  | 'occurredAt'
  | 'actorType'
  | 'actorId'
  | 'action'
  | 'targetType'
  | 'targetId'
  | 'amount'
  | 'currency'
  | 'ip'
  | 'userAgent'
  | 'requestId'
  | 'data'
>;

/** SHA-256 over the previous hash and the row's content in a fixed order. */
export function auditHash(prevHash: string, row: Hashed): string {
  const content = [
    row.occurredAt.toISOString(),
    row.actorType,
    row.actorId,
    row.action,
    row.targetType,
    row.targetId,
    row.amount,
    row.currency,
    row.ip,
    row.userAgent,
    row.requestId,
    canonical(row.data ?? null),
  ];
  return createHash('sha256').update(prevHash).update('\n').update(JSON.stringify(content)).digest('hex');
}

function toRow(entry: AuditEntry): Hashed {
  return {
    occurredAt: new Date(),
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    amount: entry.amount ?? null,
    currency: entry.currency ?? null,
    ip: entry.request?.ip ?? null,
    userAgent: entry.request?.userAgent?.slice(0, 300) ?? null,
    requestId: entry.request?.requestId ?? null,
    data: entry.data ? (canonical(entry.data) as Record<string, unknown>) : null,
  };
}

/** Links `rows` to the chain's head under the chain lock and inserts them in order (one statement). */
async function append(t: Tx, rows: Hashed[]): Promise<void> {
  if (rows.length === 0) return;
  await t.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const [last] = await t.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  let prevHash = last?.hash ?? GENESIS;
  const linked = rows.map((row) => {
    const hash = auditHash(prevHash, row);
    const out = { ...row, prevHash, hash };
    prevHash = hash;
    return out;
  });
  // A multi-row VALUES list takes its ids in list order, so id order stays chain order.
  await t.insert(auditLog).values(linked);
}

// Transactions whose appends wait for flushDeferredAudits (the webhook worker's batches): the
// chain lock is then held once per batch, for the last statements before COMMIT, not per entry.
const deferred = new WeakMap<Tx, Hashed[]>();

/** From now on, audit(entry, tx) buffers its entries until flushDeferredAudits(tx), in the same transaction. */
export function deferAudits(tx: Tx): void {
  deferred.set(tx, []);
}

/** Appends the entries buffered for `tx` (call it last in the transaction); returns how many. */
export async function flushDeferredAudits(tx: Tx): Promise<number> {
  const rows = deferred.get(tx) ?? [];
  deferred.delete(tx);
  await append(tx, rows);
  return rows.length;
}

/** Appends one entry to the hash-chained audit log (inside `tx` when given). Never card data. */
export async function audit(entry: AuditEntry, tx?: Tx): Promise<void> {
  const row = toRow(entry);
  const buffered = tx ? deferred.get(tx) : undefined;
  if (buffered) {
    buffered.push(row);
    return;
  }
  if (tx) await append(tx, [row]);
  else await db.transaction((t) => append(t, [row]));
}

export type ChainStatus = { ok: boolean; verified: number; lastId: number | null; brokenAt?: { id: number; reason: string } };

/** Walks the whole chain in id order and reports the first row whose link or content does not match. */
export async function verifyAuditChain(database: Database = db, onProgress?: (verified: number) => void): Promise<ChainStatus> {
  let prevHash = GENESIS;
  let lastId = 0;
  let verified = 0;
  for (;;) {
    const rows = await database.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(5_000);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prevHash !== prevHash)
        return { ok: false, verified, lastId: lastId || null, brokenAt: { id: row.id, reason: 'link to the previous row does not match' } };
      if (auditHash(prevHash, row) !== row.hash)
        return { ok: false, verified, lastId: lastId || null, brokenAt: { id: row.id, reason: 'content does not match its hash' } };
      prevHash = row.hash;
      lastId = row.id;
      verified++;
    }
    onProgress?.(verified);
  }
  return { ok: true, verified, lastId: lastId || null };
}
