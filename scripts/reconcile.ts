// `npm run reconcile [-- --from YYYY-MM-DD] [--to YYYY-MM-DD] [--days N] [--dry-run]`: compares our
// payments, refunds and subscriptions of a window (default: the last 24 hours) with Stripe and
// repairs the differences from Stripe's state, with a progress bar. Exits 1 on failure, and with
// --dry-run also when differences were found.
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { closeDb } from '@/db';
import { runReconciliationFromCli } from '@/lib/admin/reconciliation/run';
import type { Progress } from '@/lib/admin/reconciliation/types';
import { envOrExit } from '@/lib/env';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    days: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('usage: npm run reconcile -- [--from YYYY-MM-DD] [--to YYYY-MM-DD | --days N] [--dry-run]');
  process.exit(0);
}
const env = envOrExit();
if (!env.databaseUrl) {
  console.error('DATABASE_URL is required (the database to reconcile).');
  process.exit(1);
}

let from = values.from;
if (!from && values.days) {
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 90) {
    console.error('--days must be a whole number from 1 to 90.');
    process.exit(1);
  }
  from = new Date(Date.now() - days * 86_400_000).toISOString();
}

const tty = process.stdout.isTTY;
let lastLine = '';
function bar(p: Progress): void {
  const width = 30;
  const ratio = p.total ? Math.min(1, p.done / p.total) : p.done === p.total ? 1 : 0;
  const filled = Math.round(ratio * width);
  const line = `[${p.step}/${p.steps}] ${p.phase.padEnd(28)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${p.done}/${p.total ?? '?'}`;
  if (line === lastLine) return;
  lastLine = line;
  // Redraw in place on a terminal; one line per phase change otherwise (CI logs).
  if (tty) process.stdout.write(`\r${line}\x1b[K`);
  else if (p.done === p.total) process.stdout.write(`${line}\n`);
}

try {
  const { runId, report } = await runReconciliationFromCli({ from, to: values.to, repair: !values['dry-run'] }, bar);
  if (tty) process.stdout.write('\n');
  console.log(`reconciliation ${runId}: ${report.window.from} – ${report.window.to}${report.repair ? '' : ' (dry run: nothing repaired)'}`);
  console.log(`checked ${report.checked.payment} payments, ${report.checked.refund} refunds, ${report.checked.subscription} subscriptions`);
  console.log(
    `missing ${report.counts.missing} · mismatched ${report.counts.mismatched} · duplicate ${report.counts.duplicate} · stuck ${report.counts.stuck} · unknown to Stripe ${report.counts.unknown_to_stripe} · repaired ${report.repaired}`,
  );
  for (const f of report.findings)
    console.log(
      `  ${f.repaired ? 'repaired' : f.error ? 'FAILED  ' : 'found   '} ${f.object} ${f.kind} ${f.stripeId ?? f.id ?? ''}: ${f.detail}${f.error ? ` (${f.error})` : ''}`,
    );
  if (report.truncated) console.log('  … more findings than shown; the counts above are complete.');
  const found = Object.values(report.counts).reduce((a, b) => a + b, 0);
  const failedRepairs = report.findings.some((f) => f.error);
  await closeDb();
  process.exit(failedRepairs || (!report.repair && found > 0) ? 1 : 0);
} catch (error) {
  if (tty) process.stdout.write('\n');
  const reason =
    error instanceof ZodError
      ? error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')
      : error instanceof Error
        ? error.message
        : String(error);
  console.error(`reconciliation failed: ${reason}`);
  await closeDb();
  process.exit(1);
}
