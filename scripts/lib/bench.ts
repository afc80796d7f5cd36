// Shared by the benchmark scripts: the production stack (serve-e2e) on its own ports, timing
// helpers and a fixed-concurrency HTTP load loop on undici.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { Pool } from 'undici';
import { e2eDatabaseUrl } from './e2e-config';

export type Stack = { url: string; databaseUrl: string; stop: () => Promise<void> };

/** Starts the production build (run `npm run build` first) with its own database and emulator. */
export async function startStack(env: Record<string, string>, port = 3400): Promise<Stack> {
  const url = `http://localhost:${port}`;
  // A server left over from an interrupted run would answer the health probe below in its place.
  if (
    await fetch(`${url}/api/health/live`).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${port} is already served by another process: stop it first`);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/serve-e2e.ts'], {
    env: { ...process.env, E2E_PORT: String(port), E2E_EMULATOR_PORT: String(port + 9000), NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the stack exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error('the stack did not start within 120 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    databaseUrl: e2eDatabaseUrl(port),
    stop: async () => {
      const started = descendants(child.pid!);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      // Whatever the stack started must be gone with it: a leaked worker would keep taking jobs and CPU.
      const left = started.filter(running);
      if (left.length > 0) {
        const message = `the stack left ${left.length} process(es) running after it stopped: ${left.map(commandOf).join('; ')}`;
        for (const pid of left) process.kill(pid, 'SIGKILL');
        throw new Error(message);
      }
    },
  };
}

/** Every process below `pid` (children, their children…). */
function descendants(pid: number): number[] {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);
  return children.flatMap((c) => [c, ...descendants(c)]);
}

/** Alive and not a zombie (an exited process not yet reaped by its new parent is not running). */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

const commandOf = (pid: number) => {
  try {
    return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim().slice(0, 120)}`;
  } catch {
    return String(pid);
  }
};

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export type LoadResult = {
  requests: number;
  ok: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<number, number>;
};

/** Runs `next()`-built requests at `connections` concurrency for `seconds`; latencies in ms. */
export async function load(
  url: string,
  connections: number,
  seconds: number,
  next: (i: number) => { path: string; method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
  onResponse?: (i: number, status: number) => void,
): Promise<LoadResult> {
  const origin = new URL(url).origin;
  const pool = new Pool(origin, { connections, pipelining: 1 });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let counter = 0;
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const i = counter++;
        const req = next(i);
        const t0 = performance.now();
        try {
          const res = await pool.request({ path: req.path, method: req.method, headers: req.headers, body: req.body });
          await res.body.dump();
          latencies.push(performance.now() - t0);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          onResponse?.(i, res.statusCode);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const ok = Object.entries(statuses).reduce((n, [s, c]) => (Number(s) < 400 ? n + c : n), 0);
  return {
    requests: latencies.length,
    ok,
    errors,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statuses,
  };
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** `--name N` from the command line, or `fallback` when absent or not a number. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) ? value : fallback;
}
