// Stripe rate-limits PaymentIntent creation (429 with Stripe-Should-Retry): the SDK backs off and retries with the same idempotency key.
import { percentile } from '../lib/bench';
import { signIn } from '../load/browser-steps';
import { createAgent, VirtualUser } from '../load/http';
import { Recorder } from '../load/metrics';
import { clean, reconcile, settle } from '../load/reconcile';
import { createAccounts, PASSWORD, pricesOf } from '../load/run';
import { ipFor, purchase, type ScenarioContext } from '../load/scenario';
import { sidesOf } from './common';
import { check, type Drill } from './harness';
import { startCluster } from './lib/cluster';

export const stripe429: Drill = {
  name: 'stripe-429',
  title: 'Stripe rate-limits (429) — back-off and retry',
  fast: true,
  run: async (ctx) => {
    const cluster = await startCluster({
      port: ctx.port,
      distDir: ctx.distDir,
      env: { STRIPE_MAX_NETWORK_RETRIES: '2', STRIPE_BREAKER_THRESHOLD: '20' },
    });
    const agent = createAgent(32);
    try {
      const since = Math.floor(Date.now() / 1000);
      const accounts = await createAccounts(cluster.databaseUrl, 6, 0);
      const recorder = new Recorder();
      const scenario: ScenarioContext = {
        base: cluster.base,
        stripeOrigins: { primary: cluster.primary.url },
        primaryPublishableKey: 'pk_test_emulator',
        password: PASSWORD,
        prices: await pricesOf(cluster.databaseUrl),
        actions: new Map(),
        recorder,
        agent,
        deadline: 0,
        rampSeconds: 0,
        paceSeconds: 0,
        paid: [],
        refunded: new Set(),
        retryNetworkErrors: true,
      };
      const vus = accounts.map((a, i) => ({ a, vu: new VirtualUser(cluster.base, ipFor(i), recorder, agent) }));
      for (const { a, vu } of vus) await signIn(vu, a.email, PASSWORD);
      // Warm each customer first (their Stripe customer exists), then rate-limit the intent creations.
      for (const { vu } of vus) await purchase(scenario, vu);
      const faults = ctx.sabotage ? 1_000_000 : 9;
      cluster.primary.injectFault({ method: 'POST', path: '/v1/payment_intents', kind: 'error', status: 429, count: faults });
      const before = scenario.paid.length;
      const started = recorder.now();
      await Promise.all(vus.map(({ vu }) => purchase(scenario, vu, 60_000)));
      const creates = recorder.samples.filter((s) => s.endpoint === 'POST /api/payments/create-intent' && s.at >= started);
      const ms = creates.map((s) => s.ms).sort((a, b) => a - b);
      const left = (await (await fetch(`${cluster.primary.url}/_emulator/faults`)).json()) as { data: { remaining: number }[] };
      cluster.primary.clearFaults();
      const paidDuring = scenario.paid.length - before;
      const settled = await settle(cluster.databaseUrl, sidesOf(cluster));
      const r = await reconcile(cluster.databaseUrl, sidesOf(cluster), { since });
      const statuses: Record<string, number> = {};
      for (const s of creates) statuses[String(s.status)] = (statuses[String(s.status)] ?? 0) + 1;
      return {
        injected: [
          `POST /v1/payment_intents → 429 (Stripe-Should-Retry: true) for the next ${ctx.sabotage ? 'million' : faults} requests, 6 customers paying at once`,
        ],
        observed: [
          `create-intent answers ${JSON.stringify(statuses)}; latency p50 ${percentile(ms, 50).toFixed(0)} ms, max ${percentile(ms, 100).toFixed(0)} ms (the SDK's back-off)`,
          `${left.data.reduce((n, f) => n + f.remaining, 0)} injected 429s left unconsumed; ${paidDuring}/6 payments succeeded`,
          `reconciliation: ${r.counts.intentsSucceeded} intents succeeded = ${r.counts.rowsSucceeded} rows; lost ${r.lost.length}, duplicated ${r.duplicated.length}`,
        ],
        lost: r.lost.length + r.eventsMissing.length + r.eventsUnprocessed,
        duplicated: r.duplicated.length,
        checks: [
          check('every customer paid exactly once despite the 429s', paidDuring === 6, `${paidDuring}/6`),
          check('the SDK retried through the rate limit (all 429s consumed)', left.data.length === 0, `${left.data.length} faults left`),
          check('Stripe and our rows agree', settled && clean(r), `settled ${settled}, phantom ${r.phantom.length}`),
        ],
      };
    } finally {
      await agent.close();
      await cluster.stop();
    }
  },
};
