// Property test: random bodies at every route never crash the emulator or produce a 5xx.
// Garbage parameters must get a 4xx; plausible ones may also succeed.
import fc from 'fast-check';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from './routes';
import { startEmulator, type EmulatorHandle } from './server';
import { pipeline } from './test/raw-http';

let emu: EmulatorHandle;
let agent: Agent;
const RUNS = 1_000;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  agent = new Agent({ connections: 64, pipelining: 1 });
});
afterAll(async () => {
  await agent.close();
  await emu.stop();
});

const VOCABULARY = [
  'amount',
  'currency',
  'customer',
  'payment_method',
  'confirm',
  'items',
  'price',
  'quantity',
  'metadata',
  'expand',
  'limit',
  'starting_after',
  'ending_before',
  'created',
  'type',
  'card',
  'number',
  'exp_month',
  'exp_year',
  'cvc',
  'email',
  'name',
  'recurring',
  'interval',
  'unit_amount',
  'product',
  'trial_end',
  'trial_period_days',
  'cancel_at_period_end',
  'proration_behavior',
  'subscription',
  'invoice',
  'frozen_time',
  'url',
  'enabled_events',
  'client_secret',
  'return_url',
  'setup_future_usage',
  'capture_method',
  'amount_to_capture',
  'reason',
  'charge',
  'payment_intent',
  'off_session',
  'payment_behavior',
  'default_payment_method',
  'invoice_settings',
  'pending_invoice_items_behavior',
  'auto_advance',
  'description',
  'paid_out_of_band',
  'subscription_details',
  'payment_method_data',
  'billing_details',
  'address',
  'key',
  'status',
  'id',
  'deleted',
  'allowed_payment_method_types',
  'automatic_payment_methods',
  'types',
  'delivery_success',
  'period',
  'pricing',
];
const VALUES = [
  '',
  'true',
  'false',
  'now',
  '-1',
  '0',
  '1e9',
  '99999999999999999999',
  'pm_card_visa',
  'pm_card_chargeDeclined',
  'usd',
  'xxx',
  'card',
  'month',
  'cus_x',
  '%',
  'null',
  '[]',
  '{}',
  '4242424242424242',
];

const part = fc.oneof(
  fc.constantFrom(...VOCABULARY),
  fc.string({ maxLength: 10 }),
  fc.constantFrom('__proto__', 'constructor', '', '0', '1'),
);
const key = fc.array(part, { minLength: 1, maxLength: 4 }).map(([head, ...rest]) => `${head}${rest.map((r) => `[${r}]`).join('')}`);
const value = fc.oneof(
  fc.constantFrom(...VALUES),
  fc.string({ maxLength: 20 }),
  fc.integer().map(String),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
const pairs = fc.array(fc.tuple(key, value), { maxLength: 8 });
const enc = (s: string) => encodeURIComponent(s);
const formBody = pairs.map((ps) => ps.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&'));
const garbageBody = fc
  .tuple(pairs, fc.string({ minLength: 1, maxLength: 12 }))
  .map(([ps, junk]) => [...ps.map(([k, v]) => `${enc(k)}=${enc(v)}`), `zz_${enc(junk)}=1`].join('&'));
const rawBody = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('%', '%zz', 'a[=1', 'a]=1', 'a[b=1&a=2', '=', '&&&', 'a[][]=1&a[0]=2'),
);
const jsonBody = fc.json({ maxDepth: 3 });
const pathId = fc.oneof(
  fc.constantFrom('x', 'cus_123', 'pi_123', 'in_1', '%00', 'pm_card_visa'),
  fc.string({ minLength: 1, maxLength: 12 }).map(enc),
);
const auth = fc.constantFrom(
  'Bearer sk_test_fuzz',
  'Bearer sk_test_fuzz',
  'Bearer sk_test_fuzz',
  'Bearer pk_test_fuzz',
  '',
  'Bearer sk_live_nope',
  'Basic %%%',
);

async function send(method: string, path: string, body: string, contentType: string, authorization: string): Promise<number> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (authorization) headers.authorization = authorization;
  const hasBody = method === 'POST';
  const res = await request(`${emu.url}${path}${hasBody ? '' : `?${body}`}`, {
    method: method as 'GET' | 'POST' | 'DELETE',
    headers,
    body: hasBody ? body : undefined,
    dispatcher: agent,
  });
  await res.body.dump();
  return res.statusCode;
}

const bodyArb = fc.oneof(
  fc.record({ kind: fc.constant('garbage' as const), body: garbageBody, type: fc.constant('application/x-www-form-urlencoded') }),
  fc.record({ kind: fc.constant('plausible' as const), body: formBody, type: fc.constant('application/x-www-form-urlencoded') }),
  fc.record({
    kind: fc.constant('plausible' as const),
    body: rawBody,
    type: fc.constantFrom('application/x-www-form-urlencoded', 'text/plain'),
  }),
  fc.record({ kind: fc.constant('plausible' as const), body: jsonBody, type: fc.constant('application/json') }),
);
const caseArb = fc.tuple(bodyArb, pathId, auth);

/** The body as a query string: bytes a request line cannot carry are percent-encoded, `%` is left as sent. */
function queryText(body: string): string {
  let out = '';
  for (const byte of Buffer.from(body, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += byte > 0x20 && byte < 0x7f && c !== '#' ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

describe('random bodies at every route', () => {
  const routes = apiRoutes();

  it(`sends ${RUNS} bodies to each of the ${routes.length} routes without a crash or a 5xx`, async () => {
    // The same 1,000 generated cases go to every route, pipelined in batches on keep-alive
    // sockets: 89,000 requests through a full HTTP client would dominate the suite's run time.
    const cases = fc.sample(caseArb, RUNS);
    const jobs = routes.flatMap((route) =>
      cases.map(([b, id, authorization]) => {
        const path = route.path.replace(/:[a-z]+/g, id);
        const headers: Record<string, string> = { 'Content-Type': b.type };
        if (authorization) headers.Authorization = authorization;
        const post = route.method === 'POST';
        return {
          kind: b.kind,
          label: `${route.method} ${path} ${b.type} ${JSON.stringify(b.body)} auth=${authorization}`,
          request: { method: route.method, path: post ? path : `${path}?${queryText(b.body)}`, headers, body: post ? b.body : '' },
        };
      }),
    );
    const failures: string[] = [];
    const BATCH = 100;
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < jobs.length) {
          const batch = jobs.slice(next, next + BATCH);
          next += BATCH;
          const statuses = await pipeline(
            emu.url,
            batch.map((j) => j.request),
          );
          statuses.forEach((status, i) => {
            const job = batch[i] as (typeof jobs)[number];
            if (status === null || status >= 500 || (job.kind === 'garbage' && status < 400)) failures.push(`${status} ${job.label}`);
          });
        }
      }),
    );
    expect(failures.slice(0, 10)).toEqual([]);
    const health = await request(`${emu.url}/_emulator/health`, { dispatcher: agent });
    expect(health.statusCode).toBe(200);
    await health.body.dump();
  }, 120_000);

  it('survives malformed HTTP and oversized bodies', async () => {
    const big = 'a='.concat('x'.repeat(1_100_000));
    expect(await send('POST', '/v1/customers', big, 'application/x-www-form-urlencoded', 'Bearer sk_test_fuzz')).toBe(413);
    const deep = `${'a'}${'[b]'.repeat(40)}=1`;
    expect(await send('POST', '/v1/customers', deep, 'application/x-www-form-urlencoded', 'Bearer sk_test_fuzz')).toBe(400);
    const health = await request(`${emu.url}/_emulator/health`, { dispatcher: agent });
    expect(health.statusCode).toBe(200);
    await health.body.dump();
  });
});
