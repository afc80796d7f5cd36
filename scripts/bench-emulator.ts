// Benchmarks the Stripe emulator: PaymentIntent create+confirm throughput and latency at
// 50 concurrent SDK clients, and delivery of 10,000 webhooks to a local receiver.
// Usage: npx tsx scripts/bench-emulator.ts [--seconds 10] [--clients 50] [--webhooks 10000]
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import Stripe from 'stripe';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '50' },
    webhooks: { type: 'string', default: '10000' },
  },
});
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);
const WEBHOOKS = Number(values.webhooks);

/** The emulator runs as its own process, as it does beside the app. */
async function launch(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/emulator.ts'], {
    env: { ...process.env, STRIPE_EMULATOR_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { url, child };
}

function client(url: string): Stripe {
  const u = new URL(url);
  return new Stripe('sk_test_bench', { host: u.hostname, port: Number(u.port), protocol: 'http', maxNetworkRetries: 0 });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface Result {
  name: string;
  ops: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

/** Runs `op` from CLIENTS concurrent loops; with `rate`, the loops together aim at that many ops/s. */
async function loadTest(name: string, op: () => Promise<void>, rate?: number): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const gap = rate ? (CLIENTS / rate) * 1000 : 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      let due = started + (gap * c) / CLIENTS;
      while (performance.now() < deadline) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        due += gap;
        const t = performance.now();
        try {
          await op();
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    ops: latencies.length,
    perSecond: Math.round(latencies.length / elapsed),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors,
  };
}

async function paymentsBench(): Promise<boolean> {
  const { url, child } = await launch({});
  try {
    const stripe = client(url);
    const createConfirm = async () => {
      const pi = await stripe.paymentIntents.create({
        amount: 2000,
        currency: 'usd',
        allowed_payment_method_types: ['card'],
        payment_method: 'pm_card_visa',
        confirm: true,
      });
      if (pi.status !== 'succeeded') throw new Error(pi.status);
    };
    const createThenConfirm = async () => {
      const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', allowed_payment_method_types: ['card'] });
      const done = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
      if (done.status !== 'succeeded') throw new Error(done.status);
    };
    // Warm-up (JIT, connection pool, heap) before anything is measured.
    const warmUntil = performance.now() + 3_000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < warmUntil) await createConfirm();
      }),
    );
    const results = [
      await loadTest('create+confirm at 1,000/s (1 request each)', createConfirm, 1000),
      await loadTest('create, then confirm at 1,000/s (2 requests)', createThenConfirm, 1000),
      await loadTest('create+confirm, as fast as possible', createConfirm),
      await loadTest('create, then confirm, as fast as possible', createThenConfirm),
    ];
    console.log(`\nPaymentIntents through the stripe SDK, ${CLIENTS} concurrent clients, ${SECONDS} s per scenario`);
    console.log(
      'scenario'.padEnd(46),
      'ops/s'.padStart(7),
      'p50 ms'.padStart(8),
      'p95 ms'.padStart(8),
      'p99 ms'.padStart(8),
      'errors'.padStart(7),
    );
    for (const r of results) {
      console.log(
        r.name.padEnd(46),
        String(r.perSecond).padStart(7),
        r.p50.toFixed(1).padStart(8),
        r.p95.toFixed(1).padStart(8),
        r.p99.toFixed(1).padStart(8),
        String(r.errors).padStart(7),
      );
    }
    const paced = results[0] as Result;
    const ok = paced.perSecond >= 990 && paced.p99 < 20 && results.every((r) => r.errors === 0);
    console.log(`target (≥ 1,000 create+confirm/s sustained, p99 < 20 ms): ${ok ? 'met' : 'NOT met'}`);
    return ok;
  } finally {
    child.kill('SIGTERM');
  }
}

async function webhookBench(): Promise<boolean> {
  const seen = new Set<string>();
  let deliveries = 0;
  let done: () => void = () => undefined;
  const allSeen = new Promise<void>((resolve) => (done = resolve));
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries++;
      const event = JSON.parse(Buffer.concat(chunks).toString()) as { id: string; type: string };
      if (event.type === 'product.created') seen.add(event.id);
      res.writeHead(200).end();
      if (seen.size >= WEBHOOKS) done();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const { url, child } = await launch({ STRIPE_EMULATOR_WEBHOOK_URL: hook, STRIPE_WEBHOOK_SECRET: 'whsec_bench' });
  try {
    const stripe = client(url);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < WEBHOOKS) {
          next++;
          await stripe.products.create({ name: `bench ${next}` });
        }
      }),
    );
    const created = performance.now();
    const timeout = setTimeout(done, 120_000);
    await allSeen;
    clearTimeout(timeout);
    const elapsed = (performance.now() - started) / 1000;
    const settle = await fetch(`${url}/_emulator/deliveries/settle`, { method: 'POST', body: '{"timeoutMs":30000}' });
    const failed = (await (await fetch(`${url}/_emulator/deliveries?status=failed`)).json()) as { data: unknown[] };
    console.log(`\nWebhooks: ${WEBHOOKS} events (product.created) delivered to a local receiver`);
    console.log(
      `  events created in ${((created - started) / 1000).toFixed(1)} s; all received after ${elapsed.toFixed(1)} s (${Math.round(seen.size / elapsed)} deliveries/s)`,
    );
    console.log(
      `  unique events received: ${seen.size}/${WEBHOOKS}; requests: ${deliveries}; failed deliveries: ${failed.data.length}; settled: ${((await settle.json()) as { settled: boolean }).settled}`,
    );
    const ok = seen.size === WEBHOOKS && failed.data.length === 0;
    console.log(`target (10,000 deliveries, none lost): ${ok ? 'met' : 'NOT met'}`);
    return ok;
  } finally {
    child.kill('SIGTERM');
    receiver.close();
    receiver.closeAllConnections();
  }
}

const payments = await paymentsBench();
const webhooks = await webhookBench();
process.exit(payments && webhooks ? 0 : 1);
