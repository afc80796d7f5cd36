import 'server-only';
import { and, desc, eq, gte, inArray, like, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { auditLog, users, type User } from '@/db/schema';
import { verifyAuditChain, type ChainStatus } from '@/lib/audit';
import { assertAdmin } from '@/lib/auth/roles';
import { dateParam, endOf, limitParam, optional, startOf } from './query-params';

const ACTOR_TYPES = ['user', 'admin', 'system', 'stripe'] as const;

export const auditListQuery = z
  .strictObject({
    actor: optional(z.string().trim().min(1).max(254, 'Enter an email, a user id, or user, admin, system or stripe.')),
    action: optional(
      z
        .string()
        .trim()
        .max(100)
        .refine(
          (v) =>
            v
              .replace(/\.$/, '')
              .split('.')
              .every((part) => /^[a-z_]+$/.test(part)),
          'Enter an action like refund.requested, or a prefix like refund.',
        ),
    ),
    target: optional(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_.:-]{1,255}$/, 'Enter a target id, or type:id like payment:…'),
    ),
    from: dateParam('start date'),
    to: dateParam('end date'),
    cursor: optional(z.coerce.number('This page link is invalid; go back to the first page.').int().positive()),
    limit: limitParam(50),
  })
  .refine((v) => !v.from || !v.to || startOf(v.from) <= startOf(v.to), {
    path: ['to'],
    message: 'The end date must be on or after the start date.',
  });
export type AuditListInput = z.input<typeof auditListQuery>;

export type AuditEntryView = {
  id: number;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  amount: number | null;
  currency: string | null;
  ip: string | null;
  requestId: string | null;
  data: Record<string, unknown> | null;
};

async function actorCondition(actor: string): Promise<SQL> {
  if ((ACTOR_TYPES as readonly string[]).includes(actor)) return eq(auditLog.actorType, actor as (typeof ACTOR_TYPES)[number]);
  if (actor.includes('@')) {
    const ids = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${actor.toLowerCase()}`);
    return ids.length
      ? inArray(
          auditLog.actorId,
          ids.map((r) => r.id),
        )
      : sql`false`;
  }
  return eq(auditLog.actorId, actor);
}

function actionCondition(action: string): SQL {
  // A bare domain ("refund") or a trailing dot ("refund.") lists every action under it.
  if (!action.includes('.') || action.endsWith('.')) return like(auditLog.action, `${action.replace(/\.$/, '').replace(/_/g, '\\_')}.%`);
  return eq(auditLog.action, action);
}

function targetCondition(target: string): SQL {
  const split = target.indexOf(':');
  if (split > 0 && /^[a-z_]+$/.test(target.slice(0, split)))
    return and(eq(auditLog.targetType, target.slice(0, split)), eq(auditLog.targetId, target.slice(split + 1)))!;
  return eq(auditLog.targetId, target);
}

/** The audit log, newest first, filtered by actor, action, target and date; keyset-paginated by id. Admins only. */
export async function listAuditEntries(
  actor: User | null,
  input: AuditListInput,
): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
  assertAdmin(actor);
  const q = auditListQuery.parse(input);
  const rows = await db
    .select({ entry: auditLog, email: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        q.actor ? await actorCondition(q.actor) : undefined,
        q.action ? actionCondition(q.action) : undefined,
        q.target ? targetCondition(q.target) : undefined,
        q.from ? gte(auditLog.occurredAt, startOf(q.from)) : undefined,
        q.to ? lt(auditLog.occurredAt, endOf(q.to)) : undefined,
        q.cursor ? lt(auditLog.id, q.cursor) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(({ entry: a, email }) => ({
      id: a.id,
      occurredAt: a.occurredAt.toISOString(),
      actorType: a.actorType,
      actorId: a.actorId,
      actorEmail: email,
      action: a.action,
      targetType: a.targetType,
      targetId: a.targetId,
      amount: a.amount,
      currency: a.currency,
      ip: a.ip,
      requestId: a.requestId,
      data: a.data,
    })),
    nextCursor: rows.length > q.limit && page.length ? String(page[page.length - 1]!.entry.id) : null,
  };
}

/** The hash chain's state: verified up to row N, or the first broken row and why. Admins only. */
export async function auditChainStatus(actor: User | null): Promise<ChainStatus> {
  assertAdmin(actor);
  return verifyAuditChain(db);
}
