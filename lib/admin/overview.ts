import 'server-only';
import { desc, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { payments, users, type User } from '@/db/schema';
import { displayStatusSql } from '@/db/schema/payment-display-status';
import { listOpenAlerts, type AlertView } from '@/lib/alerts/list';
import { assertAdmin } from '@/lib/auth/roles';
import { adminPaymentColumns, toAdminPaymentRow, type AdminPaymentRow } from './payments';

export const OVERVIEW_RANGES = ['24h', '7d', '30d'] as const;
export type OverviewRange = (typeof OVERVIEW_RANGES)[number];
export const overviewRange = z.enum(OVERVIEW_RANGES, 'Choose 24h, 7d or 30d.').catch('7d');

const RANGE: Record<OverviewRange, { hours: number; bucket: 'hour' | 'day' }> = {
  '24h': { hours: 24, bucket: 'hour' },
  '7d': { hours: 24 * 7, bucket: 'day' },
  '30d': { hours: 24 * 30, bucket: 'day' },
};

export type CurrencyTotals = { currency: string; gross: number; refunded: number; net: number; succeeded: number; failed: number };
export type SeriesPoint = { t: string } & Record<string, number | string>;

export type Overview = {
  range: OverviewRange;
  since: string;
  totals: { succeeded: number; failed: number; byCurrency: CurrencyTotals[] };
  series: { bucket: 'hour' | 'day'; currencies: string[]; points: SeriesPoint[] };
  subscriptions: { active: number; trialing: number; pastDue: number; mrr: { currency: string; amount: number }[] };
  webhooks: { pending: number; failed: number; dead: number; oldestPendingSeconds: number | null };
  recentFailed: AdminPaymentRow[];
  alerts: AlertView[];
};

const num = (v: unknown) => Number(v ?? 0);

/** Payments in range, bucketed by hour or day and currency: one index range scan feeds totals and chart. */
async function paymentBuckets(since: Date, bucket: 'hour' | 'day') {
  // `bucket` is our own 'hour' | 'day', never input: safe as a literal.
  const b = sql.raw(`'${bucket}'`);
  // Grouped by the bucket timestamp (a cheap hash aggregate), formatted only for the few buckets.
  const rows = await db.execute<{ t: string; currency: string; gross: string; succeeded: string; failed: string }>(sql`
    select to_char(b, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as t, currency, gross, succeeded, failed from (
      select date_trunc(${b}, ${payments.createdAt} at time zone 'UTC') as b,
             ${payments.currency} as currency,
             coalesce(sum(${payments.amount}) filter (where ${payments.status} = 'succeeded'), 0) as gross,
             count(*) filter (where ${payments.status} = 'succeeded') as succeeded,
             count(*) filter (where ${payments.status} = 'requires_payment_method' and ${payments.lastErrorCode} is not null) as failed
      from ${payments}
      where ${payments.createdAt} >= ${since.toISOString()}::timestamptz
      group by 1, 2) buckets`);
  return rows.map((r) => ({ t: r.t, currency: r.currency, gross: num(r.gross), succeeded: num(r.succeeded), failed: num(r.failed) }));
}

async function refundTotals(since: Date) {
  const rows = await db.execute<{ currency: string; refunded: string }>(sql`
    select currency, coalesce(sum(amount), 0) as refunded from refunds
    where status = 'succeeded' and created_at >= ${since.toISOString()}::timestamptz
    group by currency`);
  return new Map(rows.map((r) => [r.currency, num(r.refunded)]));
}

async function subscriptionTotals(): Promise<Overview['subscriptions']> {
  // Monthly recurring revenue: each paying subscription's price normalised to one month.
  const rows = await db.execute<{ status: string; currency: string; count: string; mrr: string }>(sql`
    select status, currency, count(*) as count,
           coalesce(sum(round(coalesce(unit_amount, 0) * quantity *
             case interval when 'month' then 1.0 / interval_count when 'year' then 1.0 / (12 * interval_count)
                           when 'week' then 52.0 / (12 * interval_count) else 365.0 / (12 * interval_count) end)), 0) as mrr
    from subscriptions where status in ('active', 'trialing', 'past_due')
    group by status, currency`);
  const mrr = new Map<string, number>();
  let active = 0;
  let trialing = 0;
  let pastDue = 0;
  for (const r of rows) {
    if (r.status === 'active') active += num(r.count);
    if (r.status === 'trialing') trialing += num(r.count);
    if (r.status === 'past_due') pastDue += num(r.count);
    if (r.status !== 'trialing') mrr.set(r.currency, (mrr.get(r.currency) ?? 0) + num(r.mrr));
  }
  return { active, trialing, pastDue, mrr: [...mrr].map(([currency, amount]) => ({ currency, amount })) };
}

async function webhookBacklog(): Promise<Overview['webhooks']> {
  const [row] = await db.execute<{ pending: string; failed: string; dead: string; oldest: string | null }>(sql`
    select count(*) filter (where status = 'pending') as pending,
           count(*) filter (where status = 'failed') as failed,
           count(*) filter (where status = 'dead') as dead,
           extract(epoch from now() - min(received_at) filter (where status in ('pending', 'failed'))) as oldest
    from stripe_events where status in ('pending', 'failed', 'dead')`);
  return {
    pending: num(row?.pending),
    failed: num(row?.failed),
    dead: num(row?.dead),
    oldestPendingSeconds: row?.oldest == null ? null : Math.round(Number(row.oldest)),
  };
}

async function recentFailed(): Promise<AdminPaymentRow[]> {
  const rows = await db
    .select(adminPaymentColumns)
    .from(payments)
    .innerJoin(users, sql`${users.id} = ${payments.userId}`)
    .where(sql`${displayStatusSql(payments)} = 'failed'`)
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(10);
  return rows.map(toAdminPaymentRow);
}

function bucketStarts(since: Date, now: Date, bucket: 'hour' | 'day'): string[] {
  const step = bucket === 'hour' ? 3_600_000 : 86_400_000;
  const first = Math.floor(since.getTime() / step) * step;
  const out: string[] = [];
  for (let t = first; t <= now.getTime(); t += step) out.push(new Date(t).toISOString().replace('.000Z', 'Z'));
  return out;
}

/**
 * The admin overview for a range (24 h / 7 d / 30 d): gross volume, refunds and net per currency,
 * successful and failed payment counts, revenue per hour or day for the chart, active
 * subscriptions and MRR, the webhook backlog, recent failed payments and open alerts. Every number
 * is a SQL aggregate; no rows are loaded to be counted. Admins only.
 */
export async function getOverview(actor: User | null, rangeInput: unknown = '7d'): Promise<Overview> {
  assertAdmin(actor);
  const range = overviewRange.parse(rangeInput);
  const now = new Date();
  const since = new Date(now.getTime() - RANGE[range].hours * 3_600_000);
  const bucket = RANGE[range].bucket;
  const [buckets, refunded, subscriptions, webhooks, failed, alerts] = await Promise.all([
    paymentBuckets(since, bucket),
    refundTotals(since),
    subscriptionTotals(),
    webhookBacklog(),
    recentFailed(),
    listOpenAlerts(actor),
  ]);
  const byCurrency = new Map<string, CurrencyTotals>();
  const points = new Map(bucketStarts(since, now, bucket).map((t) => [t, { t } as SeriesPoint]));
  for (const b of buckets) {
    const totals = byCurrency.get(b.currency) ?? { currency: b.currency, gross: 0, refunded: 0, net: 0, succeeded: 0, failed: 0 };
    totals.gross += b.gross;
    totals.succeeded += b.succeeded;
    totals.failed += b.failed;
    byCurrency.set(b.currency, totals);
    const point = points.get(b.t) ?? { t: b.t };
    point[b.currency] = b.gross;
    points.set(b.t, point);
  }
  for (const [currency, amount] of refunded) {
    const totals = byCurrency.get(currency) ?? { currency, gross: 0, refunded: 0, net: 0, succeeded: 0, failed: 0 };
    totals.refunded = amount;
    byCurrency.set(currency, totals);
  }
  const currencies = [...byCurrency.values()].sort((a, b) => b.gross - a.gross).map((c) => ({ ...c, net: c.gross - c.refunded }));
  const names = currencies.map((c) => c.currency);
  const series = [...points.values()]
    .sort((a, b) => a.t.localeCompare(b.t))
    .map((p) => Object.fromEntries([['t', p.t], ...names.map((c) => [c, p[c] ?? 0])]) as SeriesPoint);
  return {
    range,
    since: since.toISOString(),
    totals: {
      succeeded: currencies.reduce((s, c) => s + c.succeeded, 0),
      failed: currencies.reduce((s, c) => s + c.failed, 0),
      byCurrency: currencies,
    },
    series: { bucket, currencies: names, points: series },
    subscriptions,
    webhooks,
    recentFailed: failed,
    alerts,
  };
}
