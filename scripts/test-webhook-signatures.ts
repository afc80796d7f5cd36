// `npm run test:webhook-signatures [url]`: the webhook signature rules against a running app —
// fresh accepted and stored once; exactly 300 s old or ahead accepted, 301 s either way refused;
// tampered, wrong-secret, unsigned and malformed deliveries refused with 400 and nothing stored;
// during a rotation (two secrets) deliveries signed with either are accepted.
// With a URL it needs the app's secret(s) in STRIPE_WEBHOOK_SECRET (two or more exercise rotation).
// Without one it starts its own production stack (run `next build` first) with two secrets.
import { randomBytes } from 'node:crypto';
import { startStack } from './lib/bench';
import { webhookCheck } from './pentest/checks/webhooks';
import { Report } from './pentest/report';

const url = process.argv.slice(2).find((a) => !a.startsWith('--'));
const started = performance.now();
const report = new Report();

async function run(baseUrl: string, secrets: string[]): Promise<void> {
  console.log(`Webhook signatures of ${baseUrl} (${secrets.length} secret${secrets.length === 1 ? '' : 's'})\n`);
  await webhookCheck(report, baseUrl, secrets, { boundaries: true });
  if (secrets.length < 2)
    report.error(
      'webhooks',
      'rotation: two secrets accepted',
      new Error('give two comma-separated secrets in STRIPE_WEBHOOK_SECRET, or run without a URL'),
    );
}

try {
  if (url) {
    await run(
      url,
      (process.env.STRIPE_WEBHOOK_SECRET ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  } else {
    const secrets = [`whsec_${randomBytes(24).toString('hex')}`, `whsec_${randomBytes(24).toString('hex')}`];
    const stack = await startStack(
      { STRIPE_WEBHOOK_SECRET: secrets.join(','), WORKER: 'external' },
      Number(process.env.WEBHOOK_SIGNATURES_PORT ?? 3800),
    );
    try {
      await run(stack.url, secrets);
    } finally {
      await stack.stop();
    }
  }
} catch (error) {
  report.error('webhooks', 'could not run', error);
}
console.log(
  `\n${report.attempts.length - report.findings.length} passed, ${report.findings.length} failed (${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
process.exit(report.findings.length === 0 ? 0 : 1);
