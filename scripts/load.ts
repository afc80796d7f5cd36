// `npm run load`: a k6-like load test of our own on undici against the production build in
// emulator mode with the worker running. Options: --users N (default 100, of which 1 in 20 are
// admins), --duration S (default 300), --workers N (default 1 external worker process; 0 = the
// worker inside the web process), --name N (docs/perf/<name>.*; default load-<users>x<duration>),
// --gate correctness|all (default all: also the latency targets), --port P (default 3700),
// --out DIR (default docs/perf).
// Build first (`npm run build`, or NEXT_DIST_DIR=.next-rel next build and the same NEXT_DIST_DIR here).
// Exits non-zero when a gated target is missed.
import { loadavg } from 'node:os';
import { startStack } from './lib/bench';
import { printReport, targets, writeReport } from './load/report';
import { runLoad } from './load/run';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const users = Number(arg('users', '100'));
const duration = Number(arg('duration', '300'));
const gate = arg('gate', 'all');
const port = Number(arg('port', '3700'));
const workers = Number(arg('workers', '1'));
const name = arg('name', `load-${users}x${duration}`);
const out = arg('out', 'docs/perf');
const distDir = process.env.NEXT_DIST_DIR ?? '.next';
const SECRET = 'whsec_load_test_secret';
if (!(users >= 2) || !(duration >= 5) || !(workers >= 0) || !['correctness', 'all'].includes(gate)) {
  console.error(
    'usage: npm run load -- [--users N≥2] [--duration S≥5] [--workers N≥0] [--gate correctness|all] [--name N] [--out DIR] [--port P]',
  );
  process.exit(2);
}

const loadBefore = loadavg().map((l) => Math.round(l * 100) / 100);
console.log(
  `starting the production stack (${distDir}) on :${port} with its own database, emulator and ${workers > 0 ? `${workers} worker process(es)` : 'the worker inside the web process'}…`,
);
// TRUST_PROXY_HOPS=1: the load generator plays the reverse proxy and sends each virtual user's own
// address in X-Forwarded-For, so per-IP limits apply per user as in production (see docs/PERFORMANCE.md).
const stack = await startStack(
  { STRIPE_WEBHOOK_SECRET: SECRET, TRUST_PROXY_HOPS: '1', LOG_LEVEL: 'warn', E2E_WORKERS: String(workers) },
  port,
);
let failed = true;
try {
  const outcome = await runLoad({
    base: stack.url,
    databaseUrl: stack.databaseUrl,
    sides: [{ account: 'primary', url: `http://127.0.0.1:${port + 9000}`, secretKey: 'sk_test_emulator' }],
    webhookSecret: SECRET,
    distDir,
    users,
    duration,
    log: (line) => console.log(line),
  });
  printReport(outcome);
  const files = writeReport(out, name, outcome, {
    command: `npm run load -- --users ${users} --duration ${duration} --workers ${workers}`,
    date: new Date().toISOString(),
    loadAverageBefore: loadBefore,
    options: { users, duration, workers, gate },
  });
  console.log(`wrote ${files.join(', ')}`);
  const gated = targets(outcome).filter((t) => gate === 'all' || t.correctness);
  failed = gated.some((t) => !t.met);
  console.log(failed ? 'FAIL' : 'PASS');
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
