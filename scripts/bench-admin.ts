// `npm run bench:admin [-- --rows 1000000] [--runs 40] [--keep] [--write]`: seeds a scratch
// database with a million payments (plus customers, refunds and webhook events) in set-based SQL,
// then times the admin list and overview service functions (p50/p95 over warm runs) and prints the
// EXPLAIN ANALYZE plan of every query they ran. --write puts the figures and plans into the Admin
// section of docs/PERFORMANCE.md. Needs DATABASE_URL's server (or starts an embedded one).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { dropDatabase, ensureDatabase, withDatabase } from './lib/databases';
import { startEmbeddedPostgres } from './lib/embedded-postgres';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '40' },
    keep: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
  },
});
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const CUSTOMERS = Math.max(1_000, Math.round(ROWS / 10));
const DATABASE = 'paydeck_bench_admin';
const LIST_TARGET_MS = 100;
const OVERVIEW_TARGET_MS = 300;
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (line: string) => process.stdout.write(`${line}\n`);

let server = process.env.DATABASE_URL;
let stopEmbedded: (() => Promise<void>) | undefined;
if (!server) {
  const pg = await startEmbeddedPostgres({ dir: '.data/bench-admin-postgres', port: 54341 });
  server = pg.url();
  stopEmbedded = pg.stop;
}
await ensureDatabase(server, DATABASE, { recreate: true });
const url = withDatabase(server, DATABASE);
// lib/ reads its database from the environment on first use: point it at the scratch database.
process.env.DATABASE_URL = url;
process.env.LOG_LEVEL ??= 'warn';
const { migrateDatabase } = await import('@/db/migrate');
await migrateDatabase(url);
log(`scratch database ${DATABASE} migrated (${elapsed()})`);

// ---------------------------------------------------------------------------------------------
// Seed: everything set-based (generate_series), reproducible (setseed), one connection.
const seed = postgres(url, { max: 1, onnotice: () => {} });
await seed`set synchronous_commit = off`;
await seed`set maintenance_work_mem = '512MB'`;
await seed`select setseed(0.4242)`;
await seed`insert into users (id, email, name, role) values ('bench-admin', 'admin@bench.test', 'Bench Admin', 'admin')`;
await seed.unsafe(`
  insert into users (id, email, name, stripe_customer_id, created_at)
  select 'u' || n, 'customer' || n || '.' || substr(md5(n::text), 1, 6) || '@' || (array['gmail.com','example.com','outlook.com','acme.io','mail.test'])[1 + n % 5],
         'Customer ' || n, 'cus_bench_' || n, now() - (n::float / ${CUSTOMERS} * interval '400 days')
  from generate_series(1, ${CUSTOMERS}) n`);
log(`${CUSTOMERS.toLocaleString('en-US')} customers (${elapsed()})`);

// A year of payments, newest first by n; 88% succeeded, 6% declined, the rest in other states.
await seed.unsafe(`
  insert into payments (id, user_id, stripe_payment_intent_id, stripe_customer_id, quantity, description, amount, currency, status,
                        amount_refunded, last_error_code, last_error_message, card_brand, card_last4, card_exp_month, card_exp_year,
                        latest_charge_id, disputed, stripe_event_at, created_at, updated_at)
  select gen_random_uuid(), 'u' || (1 + (n::bigint * 7919) % ${CUSTOMERS}), 'pi_bench_' || n, 'cus_bench_' || (1 + (n::bigint * 7919) % ${CUSTOMERS}), 1, 'Bench payment',
         amount, currency, status,
         case when status = 'succeeded' and r < 0.02 then amount when status = 'succeeded' and r < 0.05 then amount / 2 else 0 end,
         case when status = 'requires_payment_method' and r < 0.75 then 'card_declined' end,
         case when status = 'requires_payment_method' and r < 0.75 then 'Your card was declined.' end,
         (array['visa','mastercard','amex'])[1 + n % 3], lpad(((n::bigint * 7331) % 10000)::text, 4, '0'), 1 + n % 12, 2027 + n % 5,
         'ch_bench_' || n, status = 'succeeded' and r > 0.999, at, at, at
  from (
    select n, random() as r,
           (500 + floor(random() * 49500))::bigint as amount,
           case when random() < 0.85 then 'usd' when random() < 0.67 then 'eur' else 'gbp' end as currency,
           case when s < 0.88 then 'succeeded' when s < 0.96 then 'requires_payment_method' when s < 0.975 then 'canceled'
                when s < 0.985 then 'processing' when s < 0.995 then 'requires_action' when s < 0.9995 then 'requires_capture' else 'unknown' end as status,
           now() - (n::float / ${ROWS} * interval '365 days') - random() * interval '1 minute' as at
    from (select n, random() as s from generate_series(1, ${ROWS}) n) g
  ) p`);
log(`${ROWS.toLocaleString('en-US')} payments (${elapsed()})`);

await seed.unsafe(`
  insert into refunds (payment_id, stripe_refund_id, amount, currency, status, reason, created_at, updated_at)
  select id, 're_bench_' || row_number() over (), amount_refunded, currency, 'succeeded', 'requested_by_customer', created_at + interval '1 day', created_at + interval '1 day'
  from payments where amount_refunded > 0`);
// One stored Stripe event per payment (its final state), a few dead and pending ones.
await seed.unsafe(`
  insert into stripe_events (id, type, api_version, livemode, stripe_created, object_id, payload, status, attempts, received_at, first_attempt_at, last_attempt_at, processed_at, duration_ms)
  select 'evt_bench_' || row_number() over (), t, '2026-10-28.endive', false, created_at, stripe_payment_intent_id,
         jsonb_build_object('id', 'evt_bench', 'type', t, 'data', jsonb_build_object('object', jsonb_build_object('id', stripe_payment_intent_id, 'amount', amount, 'currency', currency, 'status', status))),
         st, 1, created_at + interval '1 second', created_at + interval '1 second', created_at + interval '1 second',
         case when st = 'processed' then created_at + interval '2 seconds' end, 12
  from (select *, case when status = 'succeeded' then 'payment_intent.succeeded' when status = 'canceled' then 'payment_intent.canceled' else 'payment_intent.payment_failed' end as t,
               case when random() < 0.0005 then 'dead' when random() < 0.0005 then 'pending' else 'processed' end as st from payments) p`);
await seed`vacuum analyze`;
const [{ refunds, events } = { refunds: 0, events: 0 }] = await seed<
  { refunds: number; events: number }[]
>`select (select count(*)::int from refunds) as refunds, (select count(*)::int from stripe_events) as events`;
const [{ size } = { size: '?' }] = await seed<{ size: string }[]>`select pg_size_pretty(pg_database_size(current_database())) as size`;
log(
  `${refunds.toLocaleString('en-US')} refunds, ${events.toLocaleString('en-US')} events, vacuum analyze done; database ${size} (${elapsed()})`,
);

// ---------------------------------------------------------------------------------------------
// Measure the service functions, capturing every SQL statement they send for EXPLAIN.
const { sqlClient, closeDb } = await import('@/db');
const { listAdminPayments } = await import('@/lib/admin/payments');
const { getOverview } = await import('@/lib/admin/overview');
const { encodeCursor } = await import('@/lib/admin/cursor');
const { users } = await import('@/db/schema');
const { db } = await import('@/db');
const { eq } = await import('drizzle-orm');
const [admin] = await db.select().from(users).where(eq(users.id, 'bench-admin'));

type Captured = { query: string; parameters: unknown[] };
let capture: Captured[] | null = null;
const client = sqlClient();
client.options.debug = (_connection, query, parameters) => {
  capture?.push({ query, parameters });
};

const [deep] = await seed<
  { t: string; id: string }[]
>`select created_at::text as t, id from payments order by created_at desc, id desc offset ${Math.floor(ROWS / 2)} limit 1`;
const [deepAmount] = await seed<
  { amount: number; id: string }[]
>`select amount::int as amount, id from payments order by amount desc, id desc offset ${Math.floor(ROWS / 2)} limit 1`;
const [someone] = await seed<
  { email: string; last4: string; pi: string }[]
>`select u.email, p.card_last4 as last4, p.stripe_payment_intent_id as pi from payments p join users u on u.id = p.user_id where p.created_at < now() - interval '90 days' limit 1`;
const fragment = someone!.email.split('@')[0]!;
const monthAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);

type Scenario = { name: string; kind: 'list' | 'overview'; run: () => Promise<unknown> };
const list = (input: Parameters<typeof listAdminPayments>[1]) => () => listAdminPayments(admin!, { limit: 25, ...input });
const scenarios: Scenario[] = [
  { name: 'first page (newest first)', kind: 'list', run: list({}) },
  {
    name: `deep page via cursor (row ${Math.floor(ROWS / 2).toLocaleString('en-US')})`,
    kind: 'list',
    run: list({ cursor: encodeCursor('created_desc', { v: deep!.t, id: deep!.id }) }),
  },
  { name: 'sort by amount, first page', kind: 'list', run: list({ sort: 'amount_desc' }) },
  {
    name: 'sort by amount, deep page via cursor',
    kind: 'list',
    run: list({ sort: 'amount_desc', cursor: encodeCursor('amount_desc', { v: deepAmount!.amount, id: deepAmount!.id }) }),
  },
  { name: 'status = failed (6%)', kind: 'list', run: list({ status: 'failed' }) },
  { name: 'status = refunded (2%)', kind: 'list', run: list({ status: 'refunded' }) },
  { name: 'status = unknown (0.05%)', kind: 'list', run: list({ status: 'unknown' }) },
  { name: 'date range (one week, 3 months ago)', kind: 'list', run: list({ from: monthAgo(97), to: monthAgo(90) }) },
  { name: 'amount range (wide: 100.00–200.00)', kind: 'list', run: list({ amountMin: '10000', amountMax: '20000' }) },
  { name: 'amount range (narrow: 123.00–123.50)', kind: 'list', run: list({ amountMin: '12300', amountMax: '12350' }) },
  { name: 'currency = gbp (5%)', kind: 'list', run: list({ currency: 'gbp' }) },
  { name: 'status = failed and currency = eur', kind: 'list', run: list({ status: 'failed', currency: 'eur' }) },
  { name: 'search: full customer email', kind: 'list', run: list({ q: someone!.email }) },
  { name: `search: email fragment "${fragment}"`, kind: 'list', run: list({ q: fragment }) },
  { name: 'search: email domain "@acme.io" (20% of customers)', kind: 'list', run: list({ q: '@acme.io' }) },
  { name: `search: card last4 ${someone!.last4}`, kind: 'list', run: list({ q: someone!.last4 }) },
  { name: 'search: PaymentIntent id', kind: 'list', run: list({ q: someone!.pi }) },
  { name: 'overview 24 h', kind: 'overview', run: () => getOverview(admin!, '24h') },
  { name: 'overview 7 d', kind: 'overview', run: () => getOverview(admin!, '7d') },
  { name: 'overview 30 d', kind: 'overview', run: () => getOverview(admin!, '30d') },
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
type Result = {
  name: string;
  kind: Scenario['kind'];
  p50: number;
  p95: number;
  max: number;
  rows: number;
  target: number;
  plans: string[];
};
const results: Result[] = [];
for (const s of scenarios) {
  for (let i = 0; i < 3; i++) await s.run();
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const out = (await s.run()) as { items?: unknown[] };
    times.push(performance.now() - t0);
    rows = out.items?.length ?? 0;
  }
  capture = [];
  await s.run();
  const statements = capture;
  capture = null;
  const plans: string[] = [];
  for (const st of statements) {
    // The statement exactly as the service sent it, with its bound parameters.
    const plan = await seed.unsafe<{ 'QUERY PLAN': string }[]>(
      `explain (analyze, buffers, costs off, timing off, summary on) ${st.query}`,
      st.parameters as never[],
    );
    plans.push(
      `-- ${st.query.replace(/\s+/g, ' ').slice(0, 300)}${st.query.length > 300 ? ' …' : ''}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`,
    );
  }
  times.sort((a, b) => a - b);
  const r: Result = {
    name: s.name,
    kind: s.kind,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times[times.length - 1]!,
    rows,
    target: s.kind === 'list' ? LIST_TARGET_MS : OVERVIEW_TARGET_MS,
    plans,
  };
  results.push(r);
  log(
    `${r.name.padEnd(52)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms   ${r.p95 < r.target ? 'met' : 'MISSED'} (< ${r.target} ms)   ${s.kind === 'list' ? `${r.rows} rows` : ''}`,
  );
}

// ---------------------------------------------------------------------------------------------
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
const [{ version } = { version: 'PostgreSQL' }] = await seed<{ version: string }[]>`select split_part(version(), ' on ', 1) as version`;
const total = elapsed();
const missed = results.filter((r) => r.p95 >= r.target);
const section = [
  '<!-- bench:admin:start (written by `npm run bench:admin -- --write`) -->',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, ${version}, default server settings. Seed: ${ROWS.toLocaleString('en-US')} payments over the last 365 days`,
  `(${CUSTOMERS.toLocaleString('en-US')} customers, ${refunds.toLocaleString('en-US')} refunds, ${events.toLocaleString('en-US')} webhook events; database ${size}), then \`vacuum analyze\`.`,
  `Each line is ${RUNS} timed calls of the service function (after 3 warm-up calls), page size 25, including the Drizzle/postgres-js round trips. Whole run: ${total}.`,
  '',
  '| scenario | p50 ms | p95 ms | target (p95) | result |',
  '| --- | ---: | ---: | ---: | --- |',
  ...results.map(
    (r) =>
      `| ${r.kind === 'list' ? 'list: ' : ''}${r.name} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | < ${r.target} ms | ${r.p95 < r.target ? 'met' : `**missed** by ${(r.p95 - r.target).toFixed(1)} ms`} |`,
  ),
  '',
  missed.length === 0
    ? 'Every scenario meets its target.'
    : `${missed.length} scenario(s) miss their target: ${missed.map((m) => m.name).join(', ')}.`,
  '',
  '<details><summary>EXPLAIN (ANALYZE, BUFFERS) of every statement each scenario ran</summary>',
  '',
  ...results.flatMap((r) => [`#### ${r.name}`, '', '```', ...r.plans, '```', '']),
  '</details>',
  '<!-- bench:admin:end -->',
].join('\n');

log('');
log(section);

if (values.write) {
  const file = 'docs/PERFORMANCE.md';
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Performance\n';
  const start = current.indexOf('<!-- bench:admin:start');
  const end = current.indexOf('<!-- bench:admin:end -->');
  const next =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${section}${current.slice(end + '<!-- bench:admin:end -->'.length)}`
      : `${current.trimEnd()}\n\n## Admin\n\n${section}\n`;
  writeFileSync(file, next);
  log(`\nwrote the figures into ${file}`);
}

client.options.debug = false;
await closeDb();
await seed.end();
if (!values.keep) await dropDatabase(server, DATABASE);
await stopEmbedded?.();
log(`done in ${total}${values.keep ? ` (kept ${DATABASE})` : ''}`);
process.exit(0);
