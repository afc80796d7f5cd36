// Integration-test harness: a real Stripe emulator (HTTP, random port) delivering signed webhooks
// to the app's real webhook route (served by a tiny HTTP adapter), plus an optional job worker.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startEmulator, type EmulatorHandle } from '@/emulator/server';
import { POST as webhookRoute } from '@/app/api/webhooks/stripe/route';
import { env, resetEnvCache } from '@/lib/env';
import { boss } from '@/lib/jobs/boss';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';

export const WEBHOOK_SECRET = 'whsec_integration_test_secret';

async function toRequest(req: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  return new Request(new URL(req.url ?? '/', base), {
    method: req.method,
    headers,
    body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

export type Harness = {
  emulator: EmulatorHandle;
  emulatorUrl: string;
  stripe: Stripe;
  worker: RunningWorker | null;
  /** Every status the webhook route answered, in order. */
  deliveries: number[];
  stop: () => Promise<void>;
};

/** Starts the emulator, the webhook receiver and (optionally) a worker, and points lib/ at them. */
export async function startHarness(options: { worker?: boolean; env?: Record<string, string> } = {}): Promise<Harness> {
  const deliveries: number[] = [];
  const receiver = createServer((req, res) => {
    void (async () => {
      const response = await webhookRoute(await toRequest(req, 'http://127.0.0.1'), {});
      deliveries.push(response.status);
      res.writeHead(response.status, { 'content-type': 'application/json' });
      res.end(await response.text());
    })();
  });
  const receiverUrl = await listen(receiver);
  const emulator = await startEmulator({
    port: 0,
    webhookUrl: `${receiverUrl}/api/webhooks/stripe`,
    webhookSecret: WEBHOOK_SECRET,
    retrySchedule: [200, 500, 1_000],
  });
  Object.assign(process.env, {
    STRIPE_MODE: 'emulator',
    STRIPE_EMULATOR_URL: emulator.url,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ...options.env,
  });
  delete (globalThis as { paydeckStripe?: unknown }).paydeckStripe;
  resetEnvCache();
  const worker = options.worker ? await startWorker(env().databaseUrl!) : null;
  const url = new URL(emulator.url);
  return {
    emulator,
    emulatorUrl: emulator.url,
    stripe: new Stripe('sk_test_harness', { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 }),
    worker,
    deliveries,
    stop: async () => {
      await worker?.stop();
      const client = (globalThis as { paydeckBoss?: Promise<{ stop: (o: object) => Promise<void> }> }).paydeckBoss;
      if (client) await (await client).stop({ graceful: false, wait: true });
      delete (globalThis as { paydeckBoss?: unknown }).paydeckBoss;
      await emulator.stop();
      await new Promise((r) => receiver.close(r));
    },
  };
}

/** Polls `check` until it returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  label = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export { boss };
