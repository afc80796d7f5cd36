// `npm run test:security`: the security stage of `npm test`, after the e2e run and against the
// production build (`next build` ran first). Checks what the e2e run left (PCI scan of its database
// and logs), then starts its own production stack (scripts/serve-e2e.ts via startStack, on
// SECURITY_PORT, default 3700, with two webhook secrets as during a rotation) and runs the headers
// test, the PCI page checks, the pentest and the webhook-signature script against it, then the
// dependency audit. Prints a summary with timings; exits 1 if any step failed.
import { randomBytes } from 'node:crypto';
import { startStack } from './lib/bench';
import { createStage, requireBuild } from './lib/stage';

const port = Number(process.env.SECURITY_PORT ?? 3700);
const distDir = process.env.NEXT_DIST_DIR ?? '.next';
const secrets = [`whsec_${randomBytes(24).toString('hex')}`, `whsec_${randomBytes(24).toString('hex')}`];
const { step, record, finish } = createStage('security stage');

requireBuild(distDir);
await step('PCI scan of the e2e run (database, logs, source, build)', 'scripts/pci-check.ts');
const stackStarted = performance.now();
const stack = await startStack({ STRIPE_WEBHOOK_SECRET: secrets.join(',') }, port);
record({ step: `production stack up on ${stack.url}`, code: 0, seconds: (performance.now() - stackStarted) / 1000 });
try {
  const env = { APP_URL: stack.url, STRIPE_WEBHOOK_SECRET: secrets.join(',') };
  await step('security headers', 'scripts/security-headers-test.ts', [stack.url], env);
  await step(
    'PCI checks of the served pages',
    'scripts/pci-check.ts',
    [`--url=${stack.url}`, `--database-url=${stack.databaseUrl}`, `--logs=.data/e2e-logs`],
    { ...env, E2E_PORT: String(port) },
  );
  await step('pentest', 'scripts/pentest.ts', [stack.url], env);
  await step('webhook signatures', 'scripts/test-webhook-signatures.ts', [stack.url], env);
} finally {
  await stack.stop();
}
await step('dependency audit', 'scripts/dependency-audit.ts', ['--allow-offline']);
process.exit(finish());
