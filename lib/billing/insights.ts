import 'server-only';
import { and, eq, gte, sql } from 'drizzle-orm';
import { db } from '@/db';
import { payments, type User } from '@/db/schema';
import { requireFeature } from './entitlements';

export type SpendingInsights = {
  /** Net amount paid per calendar month (UTC) and currency, newest first, over the last year. */
  months: { month: string; currency: string; paid: number; payments: number }[];
};

/** Pro feature: what the user paid per month over the last twelve months (one-time and subscription payments). */
export async function spendingInsights(user: Pick<User, 'id'>): Promise<SpendingInsights> {
  await requireFeature(user, 'insights');
  const month = sql<string>`to_char(date_trunc('month', ${payments.createdAt} at time zone 'UTC'), 'YYYY-MM')`;
  const rows = await db
    .select({
      month,
      currency: payments.currency,
      paid: sql<number>`sum(${payments.amount} - ${payments.amountRefunded})::bigint`,
      count: sql<number>`count(*)::int`,
    })
    .from(payments)
    .where(and(eq(payments.userId, user.id), eq(payments.status, 'succeeded'), gte(payments.createdAt, sql`now() - interval '12 months'`)))
    .groupBy(month, payments.currency)
    .orderBy(sql`1 desc`, payments.currency);
  return { months: rows.map((r) => ({ month: r.month, currency: r.currency, paid: Number(r.paid), payments: r.count })) };
}
