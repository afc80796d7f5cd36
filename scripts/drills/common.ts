// What most drills share: a load of customers (the load test's scenario, faster paced) running
// while the fault happens, and the reconciliation turned into lost / duplicated counts and checks.
import postgres from 'postgres';
import type { Recorder } from '../load/metrics';
import type { StripeSide } from '../load/reconcile';
import { runLoad, type LoadOptions, type LoadOutcome } from '../load/run';
import { FALLBACK_WEBHOOK_SECRET, inEnv, WEBHOOK_SECRET, type Cluster } from './lib/cluster';
import { check, type Check, type DrillContext, type DrillReport } from './harness';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function sidesOf(cluster: Cluster): StripeSide[] {
  return [
    { account: 'primary', url: cluster.primary.url, secretKey: 'sk_test_emulator' },
    ...(cluster.fallback ? [{ account: 'fallback', url: cluster.fallback.url, secretKey: 'sk_test_fallback_drill' }] : []),
  ];
}

/** Customers and an admin shopping through `cluster.base` for `duration` s while `during` injects the fault. */
export type ShopOptions = Pick<LoadOptions, 'users' | 'duration' | 'paceSeconds' | 'webhooksPerSecond' | 'during' | 'afterLoad'> & {
  retry?: boolean;
};

export function shop(cluster: Cluster, ctx: DrillContext, options: ShopOptions): Promise<LoadOutcome> {
  return runLoad({
    base: cluster.base,
    databaseUrl: cluster.databaseUrl,
    sides: sidesOf(cluster),
    webhookSecret: WEBHOOK_SECRET,
    distDir: ctx.distDir,
    users: options.users,
    admins: 1,
    duration: options.duration,
    rampSeconds: 2,
    paceSeconds: options.paceSeconds ?? 5,
    webhooksPerSecond: options.webhooksPerSecond ?? 5,
    retryNetworkErrors: options.retry ?? true,
    during: options.during,
    afterLoad: options.afterLoad,
    log: (line) => ctx.log(`   ${line.trim()}`),
  });
}

/** The reconciliation as the drill report's counts, with the checks every drill makes. */
export function fromOutcome(outcome: LoadOutcome): Pick<DrillReport, 'lost' | 'duplicated'> & { checks: Check[]; observed: string[] } {
  const r = outcome.reconciliation;
  return {
    lost: r.lost.length + r.eventsMissing.length + r.webhooksLost.length + r.eventsUnprocessed + r.jobsOpen,
    duplicated: r.duplicated.length,
    checks: [
      check(
        'Stripe and our rows agree',
        r.phantom.length === 0 && r.refundMismatches.length === 0,
        `phantom ${r.phantom.length}, refund mismatches ${r.refundMismatches.length}${[...r.phantom, ...r.refundMismatches]
          .slice(0, 3)
          .map((x) => ` · ${x}`)
          .join('')}`,
      ),
      check(
        'everything delivered and processed',
        outcome.settled,
        outcome.settled ? 'inbox and queue drained' : 'deliveries or jobs still open after 90 s',
      ),
      check('customers could pay', outcome.paid > 0, `${outcome.paid} payments succeeded`),
    ],
    observed: [
      `${outcome.paid} payments succeeded, ${outcome.refunds} refunds requested, ${outcome.webhooksAccepted} extra webhooks accepted; ${r.counts.intentsSucceeded} intents succeeded at Stripe = ${r.counts.rowsSucceeded} rows succeeded ${JSON.stringify(r.counts.rowsByAccount)}`,
      ...[...r.lost, ...r.duplicated, ...r.eventsMissing, ...r.webhooksLost].slice(0, 5).map((x) => `problem: ${x}`),
    ],
  };
}

/** Status counts of one endpoint's answers between two moments of the run. */
export function statuses(recorder: Recorder, endpoint: string, from: number, to: number): { counts: Record<string, number>; ms: number[] } {
  const counts: Record<string, number> = {};
  const ms: number[] = [];
  for (const s of recorder.samples) {
    if (s.endpoint !== endpoint || s.at < from || s.at > to) continue;
    counts[String(s.status)] = (counts[String(s.status)] ?? 0) + 1;
    ms.push(s.ms);
  }
  return { counts, ms: ms.sort((a, b) => a - b) };
}

/** One query against the drill's database. */
export async function query<T extends Record<string, unknown>>(
  databaseUrl: string,
  text: string,
  params: (string | number)[] = [],
): Promise<T[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql.unsafe<T[]>(text, params);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export { FALLBACK_WEBHOOK_SECRET, WEBHOOK_SECRET };

/** Runs lib/ code in this process against the drill's database and emulator. */
export function inDrillEnv<T>(cluster: Cluster, fn: () => Promise<T>): Promise<T> {
  return inEnv(cluster.env, fn);
}
