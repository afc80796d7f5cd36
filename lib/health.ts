import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe/client';

export type Health = {
  status: 'ok' | 'degraded';
  db: 'ok' | 'down';
  stripe: { mode: 'emulator' | 'stripe'; reachable: boolean };
  worker: { running: boolean; lag: number | null };
};

const WORKER_STALE_SECONDS = 30;
const STRIPE_CACHE_MS = 15_000;
let stripeProbe: { at: number; reachable: boolean } | undefined;

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function stripeReachable(): Promise<boolean> {
  // Cached briefly so a health-check storm never becomes a Stripe API storm.
  if (stripeProbe && Date.now() - stripeProbe.at < STRIPE_CACHE_MS) return stripeProbe.reachable;
  const reachable = await withTimeout(stripe().events.list({ limit: 1 }), 3_000).then(
    () => true,
    () => false,
  );
  stripeProbe = { at: Date.now(), reachable };
  return reachable;
}

async function workerState(): Promise<Health['worker']> {
  const rows = await db.execute<{ running: boolean; lag: number | null }>(sql`
    select
      exists(select 1 from worker_heartbeats where seen_at > now() - make_interval(secs => ${WORKER_STALE_SECONDS})) as running,
      (select extract(epoch from now() - min(start_after))::float8 from pgboss.job
         where state in ('created', 'retry') and start_after <= now()) as lag`);
  const row = rows[0];
  return { running: !!row?.running, lag: row?.lag == null ? 0 : Math.round(row.lag * 10) / 10 };
}

/** Database, Stripe and worker status, each probed with a short timeout. */
export async function checkHealth(): Promise<Health> {
  const mode = env().stripe.mode;
  const [dbOk, reachable] = await Promise.all([
    withTimeout(db.execute(sql`select 1`), 2_000).then(
      () => true,
      () => false,
    ),
    stripeReachable(),
  ]);
  const worker = dbOk
    ? await withTimeout(workerState(), 2_000).catch(() => ({ running: false, lag: null }))
    : { running: false, lag: null };
  const healthy = dbOk && reachable && worker.running;
  return { status: healthy ? 'ok' : 'degraded', db: dbOk ? 'ok' : 'down', stripe: { mode, reachable }, worker };
}
