// `npm run bench:webhooks`: signed Stripe events posted at 50 concurrent connections to
// /api/webhooks/stripe on the production build, against a trivial route on the same server in the
// same run (the framework's ceiling). Checks that every 200 has its row. Options: --seconds N.
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import Stripe from 'stripe';
import { fmt, load, machine, numberArg, startStack } from './lib/bench';

const SECRET = 'whsec_bench_webhooks';
const seconds = numberArg('seconds', 15);
const CONNECTIONS = 50;
// Stripe delivers from a handful of addresses; the bench spreads over 64 so the per-IP webhook
// limit (100/s each) measures the route, not the limiter. TRUST_PROXY_HOPS=1 honours the header.
const ips = Array.from({ length: 64 }, (_, i) => `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`);

const stack = await startStack({ STRIPE_WEBHOOK_SECRET: SECRET, WORKER: 'external', TRUST_PROXY_HOPS: '1' }, 3400);
try {
  const ceiling = await load(stack.url, CONNECTIONS, seconds, () => ({ path: '/api/health/live', method: 'GET' }));
  const accepted: string[] = [];
  const ids: string[] = [];
  const hooks = await load(
    stack.url,
    CONNECTIONS,
    seconds,
    (i) => {
      const id = `evt_bench_${randomUUID().replace(/-/g, '')}`;
      ids[i] = id;
      const body = JSON.stringify({
        id,
        object: 'event',
        api_version: Stripe.API_VERSION,
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        type: 'payment_intent.succeeded',
        data: { object: { id: `pi_bench_${i}`, object: 'payment_intent', status: 'succeeded', metadata: {} } },
      });
      const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
      return {
        path: '/api/webhooks/stripe',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': header, 'x-forwarded-for': ips[i % ips.length]! },
        body,
      };
    },
    (i, status) => {
      if (status === 200) accepted.push(ids[i]!);
    },
  );
  const sql = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });
  const [row] = await sql<{ stored: number }[]>`select count(*)::int as stored from stripe_events where id in ${sql(accepted)}`;
  const stored = row?.stored ?? 0;
  await sql.end();
  const lost = accepted.length - stored;
  const ratio = hooks.perSecond / ceiling.perSecond;
  console.log(`machine: ${machine()}`);
  console.log(
    `trivial route  : ${fmt(ceiling.perSecond, 0)} req/s, p50 ${fmt(ceiling.p50)} ms, p99 ${fmt(ceiling.p99)} ms, errors ${ceiling.errors}`,
  );
  console.log(
    `webhook ingest : ${fmt(hooks.perSecond, 0)} events/s, p50 ${fmt(hooks.p50)} ms, p99 ${fmt(hooks.p99)} ms, statuses ${JSON.stringify(hooks.statuses)}, errors ${hooks.errors}`,
  );
  console.log(
    `ratio to ceiling: ${fmt(ratio * 100)} % (target ≥ 50 %), p99 target < 100 ms, accepted ${accepted.length}, stored ${stored}, lost ${lost}`,
  );
  const pass = ratio >= 0.5 && hooks.p99 < 100 && lost === 0 && hooks.errors === 0;
  console.log(pass ? 'PASS' : 'MISS');
  process.exitCode = lost === 0 ? 0 : 1;
} finally {
  await stack.stop();
}
