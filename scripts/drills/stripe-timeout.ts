// Stripe takes longer than our timeout to create PaymentIntents: the payments end `unknown`; some
// customers retry (same key → the same intent), the others leave, and the reconciliation job
// settles what is left — with exactly one intent per payment and no second charge.
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { signIn, confirmAtStripe } from '../load/browser-steps';
import { createAgent, VirtualUser } from '../load/http';
import { Recorder } from '../load/metrics';
import { reconcile, settle } from '../load/reconcile';
import { createAccounts, PASSWORD, pricesOf } from '../load/run';
import { createIntent, ipFor, type ScenarioContext } from '../load/scenario';
import { query, sidesOf, sleep } from './common';
import { check, type Drill } from './harness';
import { startCluster } from './lib/cluster';

export const stripeTimeout: Drill = {
  name: 'stripe-timeout',
  title: 'Stripe times out — payments end unknown, reconciliation settles them',
  fast: false,
  run: async (ctx) => {
    const cluster = await startCluster({
      port: ctx.port,
      distDir: ctx.distDir,
      env: { STRIPE_TIMEOUT_MS: '1000', STRIPE_MAX_NETWORK_RETRIES: '0', STRIPE_BREAKER_THRESHOLD: '50' },
    });
    const agent = createAgent(16);
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
      };
      const vus = accounts.map((a, i) => new VirtualUser(cluster.base, ipFor(i), recorder, agent));
      for (const [i, vu] of vus.entries()) await signIn(vu, accounts[i]!.email, PASSWORD);
      // The customers exist at Stripe before the slowdown, so only the intent creation is slow.
      for (const vu of vus) await vu.call('GET /pay', '/pay');
      await Promise.all(vus.map((vu) => createIntent(scenario, vu)));
      cluster.primary.injectFault({ method: 'POST', path: '/v1/payment_intents', kind: 'delay', ms: 3_000, count: 6 });
      const keys = vus.map(() => randomUUID());
      const first = await Promise.all(vus.map((vu, i) => createIntent(scenario, vu, keys[i])));
      const timedOut = recorder.samples.filter((s) => s.endpoint === 'POST /api/payments/create-intent' && s.status === 504).length;
      const [unknownAfter] = await query<{ n: number }>(
        cluster.databaseUrl,
        "select count(*)::int as n from payments where status = 'unknown'",
      );
      // The slow creations finish at Stripe after our timeout; three customers retry with the same key and pay.
      await sleep(3_500);
      let paid = 0;
      for (const [i, vu] of vus.slice(0, 3).entries()) {
        const intent = await createIntent(scenario, vu, keys[i]);
        if (intent?.clientSecret && (await confirmAtStripe(vu, cluster.primary.url, intent.publishableKey, intent.clientSecret)).ok) paid++;
      }
      // The scheduled reconciliation (every minute, payments untouched for 60 s) settles the rest.
      // Sabotage: look right away instead of giving it its 60 s, so `unknown` rows must still be there.
      const deadline = Date.now() + (ctx.sabotage ? 0 : 150_000);
      let unknown = -1;
      for (;;) {
        [{ n: unknown }] = (await query<{ n: number }>(
          cluster.databaseUrl,
          "select count(*)::int as n from payments where status = 'unknown'",
        )) as [{ n: number }];
        if (unknown === 0 || Date.now() > deadline) break;
        await sleep(2_000);
      }
      await settle(cluster.databaseUrl, sidesOf(cluster));
      const r = await reconcile(cluster.databaseUrl, sidesOf(cluster), { since });
      const stripe = new Stripe('sk_test_emulator', { host: '127.0.0.1', port: cluster.primary.port, protocol: 'http' });
      const charged = new Map<string, number>();
      for await (const charge of stripe.charges.list({ limit: 100 }))
        if (charge.status === 'succeeded' && typeof charge.payment_intent === 'string')
          charged.set(charge.payment_intent, (charged.get(charge.payment_intent) ?? 0) + 1);
      const rows = await query<{ id: string; pi: string | null; status: string }>(
        cluster.databaseUrl,
        'select p.id, p.stripe_payment_intent_id as pi, p.status from payments p join idempotency_keys k on k.resource_id = p.id::text where k.key = any($1::text[])',
        [`{${keys.join(',')}}`],
      );
      const doubleCharged = [...charged.values()].filter((n) => n > 1).length;
      return {
        injected: ['POST /v1/payment_intents delayed 3 s (our timeout: 1 s, no SDK retries) for 6 concurrent checkouts'],
        observed: [
          `${timedOut} create-intent calls answered 504 stripe_timeout; ${unknownAfter?.n ?? 0} payments \`unknown\` right after; first attempts returned ${first.filter(Boolean).length} intents`,
          `3 customers retried with the same Idempotency-Key and ${paid} paid; the other 3 left`,
          `after reconciliation: ${unknown} unknown; rows ${rows.map((x) => x.status).join(', ')}; ${r.counts.intentsSucceeded} intents succeeded at Stripe`,
        ],
        lost: r.lost.length + r.eventsMissing.length,
        duplicated: r.duplicated.length + doubleCharged,
        checks: [
          check(
            'the timeouts left the payments unknown, not failed',
            timedOut === 6 && (unknownAfter?.n ?? 0) === 6,
            `${timedOut} timeouts, ${unknownAfter?.n} unknown`,
          ),
          check('a retry with the same key reuses the intent and charges once', paid === 3, `${paid}/3 paid`),
          check('reconciliation settled every unknown payment', unknown === 0, `${unknown} still unknown`),
          check(
            'one intent per payment, never a second charge',
            r.duplicated.length === 0 && doubleCharged === 0 && rows.length === 6 && rows.every((x) => !!x.pi),
            `${rows.length} payments, duplicated ${r.duplicated.length}, double charges ${doubleCharged}`,
          ),
        ],
      };
    } finally {
      await agent.close();
      await cluster.stop();
    }
  },
};
