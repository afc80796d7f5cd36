// A drill's own deployment on this machine: a fresh database (on DATABASE_URL's server, or a
// dedicated embedded cluster that the drill may restart), one or two Stripe emulators in this
// process, N production app instances (`next start`, each a single process so SIGKILL hits it),
// M external workers (`node --import tsx scripts/worker.ts`, again one process each), and a
// round-robin proxy in front when asked. Everything is stopped by `stop()`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { startEmulator, type EmulatorHandle } from '@/emulator/server';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { resetBreakers } from '@/lib/stripe/accounts';
import { resetStripeClients } from '@/lib/stripe/client';
import { withAppEnv } from '../../lib/app-services';
import { ensureDatabase, withDatabase } from '../../lib/databases';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../lib/embedded-postgres';
import { prepareDatabase } from '../../lib/prepare-database';
import { startProxy, type Proxy } from './proxy';

export const WEBHOOK_SECRET = 'whsec_drill_primary_secret';
export const FALLBACK_WEBHOOK_SECRET = 'whsec_drill_fallback_secret';

export type ClusterOptions = {
  /** Base port: apps on port+1…, the proxy on `port`, emulators on port+9000 and port+9001. */
  port: number;
  apps?: number;
  workers?: number;
  /** Put the round-robin proxy in front (always with more than one app). */
  proxy?: boolean;
  /** A dedicated embedded PostgreSQL the drill may stop and start (port, data dir). */
  embeddedPostgres?: { port: number; dir: string };
  fallback?: boolean;
  /** Extra app/worker environment (timeouts, breaker settings…). */
  env?: Record<string, string>;
  retrySchedule?: number[];
  redis?: boolean;
  distDir?: string;
};

export type Instance = { name: string; port: number; child: ChildProcess | null; exited: Promise<number> | null };

export type Cluster = {
  base: string;
  databaseUrl: string;
  primary: EmulatorHandle;
  fallback: EmulatorHandle | null;
  proxy: Proxy | null;
  apps: Instance[];
  workers: Instance[];
  env: Record<string, string>;
  postgres: EmbeddedDatabase | null;
  startApp: (i: number) => Promise<void>;
  startWorker: (i: number) => Promise<void>;
  kill: (instance: Instance, signal: NodeJS.Signals) => Promise<void>;
  stopPostgres: () => Promise<void>;
  startPostgres: () => Promise<void>;
  stop: () => Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

function spawnLogged(name: string, args: string[], env: Record<string, string>): { child: ChildProcess; exited: Promise<number> } {
  mkdirSync('.data/drill-logs', { recursive: true });
  const log = createWriteStream(`.data/drill-logs/${name}.log`, { flags: 'a' });
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 0))));
  return { child, exited };
}

/** Runs lib/ code in this process against a cluster's database and emulator, then puts the environment and the cached clients back. */
export async function inEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  resetStripeClients();
  resetBreakers();
  try {
    return await withAppEnv({ ...env, NODE_ENV: 'development' }, fn);
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    resetStripeClients();
    resetBreakers();
  }
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const appCount = options.apps ?? 1;
  const distDir = options.distDir ?? process.env.NEXT_DIST_DIR ?? '.next';
  const useProxy = options.proxy ?? appCount > 1;
  const base = useProxy ? `http://localhost:${options.port}` : `http://localhost:${options.port + 1}`;
  const stops: (() => Promise<void>)[] = [];

  let postgres: EmbeddedDatabase | null = null;
  let server = process.env.DATABASE_URL;
  // Without DATABASE_URL (or when the drill restarts PostgreSQL) the drill gets its own embedded cluster.
  const pgOptions =
    options.embeddedPostgres ?? (server ? undefined : { port: 54300 + (options.port % 100), dir: `.data/drill-postgres-${options.port}` });
  if (pgOptions) {
    postgres = await startEmbeddedPostgres({ dir: pgOptions.dir, port: pgOptions.port, fresh: true });
    server = postgres.url();
    stops.push(async () => {
      await postgres?.stop();
    });
  }
  if (!server) throw new Error('no PostgreSQL server');
  const name = `paydeck_drill_${options.port}`;
  await ensureDatabase(server, name, { recreate: true });
  const databaseUrl = withDatabase(server, name);
  await prepareDatabase(databaseUrl, { seed: true });

  const webhookUrl = `${base}/api/webhooks/stripe`;
  const retrySchedule = options.retrySchedule ?? [1_000, 3_000, 8_000, 15_000];
  const primary = await startEmulator({ port: options.port + 9000, webhookUrl, webhookSecret: WEBHOOK_SECRET, retrySchedule });
  stops.unshift(() => primary.stop());
  const fallback = options.fallback
    ? await startEmulator({ port: options.port + 9001, webhookUrl, webhookSecret: FALLBACK_WEBHOOK_SECRET, retrySchedule })
    : null;
  if (fallback) stops.unshift(() => fallback.stop());

  const env: Record<string, string> = {
    NODE_ENV: 'production',
    NEXT_DIST_DIR: distDir,
    NEXT_MANUAL_SIG_HANDLE: 'true',
    DATABASE_URL: databaseUrl,
    STRIPE_MODE: 'emulator',
    STRIPE_EMULATOR_URL: primary.url,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    APP_URL: base,
    AUTH_URL: base,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    APP_ENCRYPTION_KEYS: `drill1:${randomBytes(32).toString('base64')}`,
    RATE_LIMIT_NAMESPACE: `drill-${randomBytes(4).toString('hex')}`,
    // The load generator and the proxy send each user's address in X-Forwarded-For.
    TRUST_PROXY_HOPS: '1',
    LOG_LEVEL: 'warn',
    WORKER: (options.workers ?? 0) > 0 ? 'external' : 'inprocess',
    ...(options.redis ? { REDIS_URL: 'redis://127.0.0.1:6379' } : {}),
    ...(fallback
      ? {
          STRIPE_FALLBACK_SECRET_KEY: 'sk_test_fallback_drill',
          NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY: 'pk_test_fallback_drill',
          STRIPE_FALLBACK_WEBHOOK_SECRET: FALLBACK_WEBHOOK_SECRET,
          STRIPE_FALLBACK_EMULATOR_URL: fallback.url,
        }
      : {}),
    ...options.env,
  };
  // The catalogue is seeded through lib/ in this process; the next drill starts clean.
  await inEnv(env, () => seedCatalog());

  const apps: Instance[] = Array.from({ length: appCount }, (_, i) => ({
    name: `app${i + 1}`,
    port: options.port + 1 + i,
    child: null,
    exited: null,
  }));
  const workers: Instance[] = Array.from({ length: options.workers ?? 0 }, (_, i) => ({
    name: `worker${i + 1}`,
    port: 0,
    child: null,
    exited: null,
  }));
  const tag = `${options.port}-${Date.now().toString(36)}`;

  const startApp = async (i: number) => {
    const app = apps[i]!;
    const { child, exited } = spawnLogged(
      `${tag}-${app.name}`,
      ['node_modules/next/dist/bin/next', 'start', '--port', String(app.port)],
      env,
    );
    Object.assign(app, { child, exited });
    await waitFor(`http://localhost:${app.port}/api/health/live`, 90_000, child);
  };
  const startWorker = async (i: number) => {
    const worker = workers[i]!;
    const { child, exited } = spawnLogged(
      `${tag}-${worker.name}`,
      ['--import', 'tsx', '--conditions=react-server', 'scripts/worker.ts'],
      env,
    );
    Object.assign(worker, { child, exited });
  };
  const kill = async (instance: Instance, signal: NodeJS.Signals) => {
    if (!instance.child || instance.child.exitCode !== null || instance.child.signalCode !== null) return;
    instance.child.kill(signal);
    await instance.exited;
  };

  const proxy = useProxy
    ? await startProxy(
        options.port,
        apps.map((a) => `http://127.0.0.1:${a.port}`),
      )
    : null;
  if (proxy) stops.unshift(() => proxy.stop());
  for (let i = 0; i < workers.length; i++) await startWorker(i);
  for (let i = 0; i < apps.length; i++) await startApp(i);

  return {
    base,
    databaseUrl,
    primary,
    fallback,
    proxy,
    apps,
    workers,
    env,
    postgres,
    startApp,
    startWorker,
    kill,
    stopPostgres: async () => {
      await postgres?.stop();
    },
    startPostgres: async () => {
      if (pgOptions) postgres = await startEmbeddedPostgres({ dir: pgOptions.dir, port: pgOptions.port });
    },
    stop: async () => {
      for (const instance of [...apps, ...workers]) await kill(instance, 'SIGTERM');
      for (const stop of stops) await stop().catch(() => {});
    },
  };
}
