// Stripe answers 500 to every API request for 8 s, then recovers.
import { percentile } from '../lib/bench';
import { fromOutcome, query, shop, sleep, statuses } from './common';
import { check, type Drill } from './harness';
import { startCluster } from './lib/cluster';

export const stripe500: Drill = {
  name: 'stripe-500',
  title: 'Stripe returns 500s, then recovers',
  fast: true,
  run: async (ctx) => {
    const cluster = await startCluster({
      port: ctx.port,
      distDir: ctx.distDir,
      env: { STRIPE_BREAKER_THRESHOLD: '3', STRIPE_BREAKER_COOLDOWN_MS: '2000', STRIPE_MAX_NETWORK_RETRIES: '1' },
    });
    try {
      const window = { from: 0, to: 0 };
      const outcome = await shop(cluster, ctx, {
        users: 8,
        duration: 30,
        during: async (recorder) => {
          await sleep(8_000);
          window.from = recorder.now();
          for (const method of ['GET', 'POST', 'DELETE'])
            cluster.primary.injectFault({ method, path: '/v1/**', kind: 'error', status: 500, count: 1_000_000 });
          await sleep(8_000);
          // Sabotage: Stripe never comes back, so the recovery check must fail.
          if (!ctx.sabotage) cluster.primary.clearFaults();
          window.to = recorder.now();
        },
      });
      const endpoint = 'POST /api/payments/create-intent';
      const during = statuses(outcome.recorder, endpoint, window.from + 0.5, window.to);
      const refused = outcome.recorder.samples
        .filter((s) => s.endpoint === endpoint && s.at > window.from + 2 && s.at <= window.to && s.status === 503)
        .map((s) => s.ms)
        .sort((a, b) => a - b);
      const recovered = outcome.recorder.samples.find((s) => s.endpoint === endpoint && s.at > window.to && s.status === 201);
      const lateFailures = outcome.recorder.samples.filter(
        (s) => s.endpoint === endpoint && s.at > window.to + 6 && s.status !== 201,
      ).length;
      const [orphans] = await query<{ n: number }>(
        cluster.databaseUrl,
        "select count(*)::int as n from payments where stripe_payment_intent_id is null and status = 'requires_payment_method'",
      );
      const [unknown] = await query<{ n: number }>(cluster.databaseUrl, "select count(*)::int as n from payments where status = 'unknown'");
      const base = fromOutcome(outcome);
      return {
        injected: ['every Stripe API request → HTTP 500 for 8 s (breaker: 3 consecutive failures, 2 s cooldown; SDK retries once)'],
        observed: [
          `create-intent during the outage: ${JSON.stringify(during.counts)}; 503s after the first 2 s: p50 ${percentile(refused, 50).toFixed(1)} ms, p95 ${percentile(refused, 95).toFixed(1)} ms, max ${percentile(refused, 100).toFixed(0)} ms (the slow ones are half-open probes)`,
          recovered ? `first 201 ${(recovered.at - window.to).toFixed(1)} s after Stripe recovered` : 'no 201 after the outage',
          `${unknown?.n ?? 0} payments whose call reached Stripe before the breaker opened are \`unknown\` (left to reconciliation); ${orphans?.n ?? 0} rows written without an intent`,
          ...base.observed,
        ],
        lost: base.lost,
        duplicated: base.duplicated,
        checks: [
          check(
            'the outage answers 503, never 500',
            (during.counts['503'] ?? 0) > 0 && !during.counts['500'],
            JSON.stringify(during.counts),
          ),
          // Most answers come from the open breaker at once; the few half-open probes wait for Stripe (one SDK retry), none hangs.
          check(
            'fails fast (median < 100 ms, none over 2 s)',
            refused.length > 0 && percentile(refused, 50) < 100 && percentile(refused, 100) < 2_000,
            `${refused.length} answers: p50 ${percentile(refused, 50).toFixed(1)} ms, max ${percentile(refused, 100).toFixed(0)} ms`,
          ),
          check('nothing queued that cannot be honoured (no row without an intent)', orphans?.n === 0, `${orphans?.n} orphan rows`),
          check(
            'recovers by itself',
            !!recovered && lateFailures === 0,
            recovered ? `recovered after ${(recovered.at - window.to).toFixed(1)} s; ${lateFailures} failures later` : 'never recovered',
          ),
          ...base.checks,
        ],
      };
    } finally {
      await cluster.stop();
    }
  },
};
