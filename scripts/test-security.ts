// `npm run test:security`: the security stage of `npm test`, after the e2e run and against the
// production build (`next build` ran first). Checks what the e2e run left (PCI scan of its database
// and logs), then starts its own production stack (scripts/serve-e2e.ts via startStack, on
// SECURITY_PORT, default 3700, with two webhook secrets as during a rotation) and runs the headers
// test, the PCI page checks, the pentest and the webhook-signature script against it, then the
// dependency audit. Prints a summary with timings; exits 1 if any step failed.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startStack } from './lib/bench';

const port = Number(process.env.SECURITY_PORT ?? 3700);
const distDir = process.env.NEXT_DIST_DIR ?? '.next';
const secrets = [`whsec_${randomBytes(24).toString('hex')}`, `whsec_${randomBytes(24).toString('hex')}`];
const results: { step: string; code: number; seconds: number }[] = [];

function step(name: string, script: string, args: string[] = [], env: Record<string, string> = {}): Promise<void> {
  console.log(`\n━━ ${name} ━━`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', script, ...args], { stdio: 'inherit', env: { ...process.env, ...env } });
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      results.push({ step: name, code: code ?? (signal ? 1 : 0), seconds: (performance.now() - started) / 1000 });
      resolve();
    }),
  );
}

const started = performance.now();
if (!existsSync(join(distDir, 'BUILD_ID'))) {
  console.error(`No production build in ${distDir}: run \`next build\` first.`);
  process.exit(1);
}
await step('PCI scan of the e2e run (database, logs, source, build)', 'scripts/pci-check.ts');
const stackStarted = performance.now();
const stack = await startStack({ STRIPE_WEBHOOK_SECRET: secrets.join(',') }, port);
results.push({ step: `production stack up on ${stack.url}`, code: 0, seconds: (performance.now() - stackStarted) / 1000 });
try {
  const env = { APP_URL: stack.url, STRIPE_WEBHOOK_SECRET: secrets.join(',') };
  await step('security headers', 'scripts/security-headers-test.ts', [stack.url], env);
  await step('PCI checks of the served pages', 'scripts/pci-check.ts', [`--url=${stack.url}`, `--database-url=${stack.databaseUrl}`, `--logs=.data/e2e-logs`], { ...env, E2E_PORT: String(port) });
  await step('pentest', 'scripts/pentest.ts', [stack.url], env);
  await step('webhook signatures', 'scripts/test-webhook-signatures.ts', [stack.url], env);
} finally {
  await stack.stop();
}
await step('dependency audit', 'scripts/dependency-audit.ts', ['--allow-offline']);

console.log('\n━━ security stage ━━');
for (const r of results) console.log(`${r.code === 0 ? '✓' : '✗'} ${r.step} (${r.seconds.toFixed(1)} s)`);
const failed = results.filter((r) => r.code !== 0).length;
console.log(`${results.length - failed} passed, ${failed} failed (${((performance.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed === 0 ? 0 : 1);
