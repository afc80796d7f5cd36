// The load run's report: a table on the terminal, JSON and three SVG plots in docs/perf/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { machine } from '../lib/bench';
import type { LoadOutcome } from './run';
import { renderChart } from './svg';

export type Target = { name: string; value: string; met: boolean; correctness: boolean };

export function targets(outcome: LoadOutcome): Target[] {
  const api = outcome.recorder.latency('api');
  const conf = outcome.recorder.confirmation();
  const r = outcome.reconciliation;
  const errors = outcome.recorder.errors();
  return [
    { name: 'zero errors', value: String(errors), met: errors === 0, correctness: true },
    {
      name: 'zero lost or duplicated payments (reconciled with Stripe)',
      value: `lost ${r.lost.length}, duplicated ${r.duplicated.length}, phantom ${r.phantom.length}`,
      met: r.lost.length + r.duplicated.length + r.phantom.length === 0,
      correctness: true,
    },
    {
      name: 'every delivered event and accepted webhook stored and processed, refunds match',
      value: `events missing ${r.eventsMissing.length}, webhooks lost ${r.webhooksLost.length}, unprocessed ${r.eventsUnprocessed}, open jobs ${r.jobsOpen}, refund mismatches ${r.refundMismatches.length}`,
      met: outcome.clean,
      correctness: true,
    },
    { name: 'p95 API latency < 200 ms', value: `${api.p95} ms`, met: api.p95 < 200, correctness: false },
    {
      name: 'payment confirmation p95 < 1.5 s',
      value: `${conf.p95} ms (${conf.count} payments)`,
      met: conf.count > 0 && conf.p95 < 1_500,
      correctness: false,
    },
  ];
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

/** Prints the per-endpoint table, the summary and the targets. */
export function printReport(outcome: LoadOutcome, out: (line: string) => void = console.log): void {
  const rec = outcome.recorder;
  out(
    `machine: ${machine()}; load average now ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  out(
    `${'endpoint'.padEnd(44)} ${pad('kind', 6)} ${pad('req', 6)} ${pad('req/s', 6)} ${pad('p50', 7)} ${pad('p95', 7)} ${pad('p99', 7)} ${pad('max', 7)} ${pad('errors', 6)}`,
  );
  for (const e of rec.endpoints()) {
    out(
      `${e.endpoint.slice(0, 44).padEnd(44)} ${pad(e.kind, 6)} ${pad(e.requests, 6)} ${pad(e.perSecond, 6)} ${pad(e.p50, 7)} ${pad(e.p95, 7)} ${pad(e.p99, 7)} ${pad(e.max, 7)} ${pad(e.errors, 6)}`,
    );
  }
  for (const kind of ['api', 'page', 'action', 'stripe'] as const) {
    const l = rec.latency(kind);
    out(`${kind.padEnd(7)}: ${l.requests} requests, p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, errors ${l.errors}`);
  }
  const c = rec.confirmation();
  out(
    `payment confirmation (create → confirmed at Stripe → our row succeeded): ${c.count} payments, p50 ${c.p50} ms, p95 ${c.p95} ms, p99 ${c.p99} ms, max ${c.max} ms; after Stripe confirmed: p95 ${c.webhookP95} ms`,
  );
  const r = outcome.reconciliation;
  out(
    `reconciliation: ${r.counts.intentsSucceeded} PaymentIntents succeeded at Stripe, ${r.counts.rowsSucceeded} rows succeeded ${JSON.stringify(r.counts.rowsByAccount)}, ${r.counts.refunds} refunds, ${r.counts.events} events; lost ${r.lost.length}, duplicated ${r.duplicated.length}, phantom ${r.phantom.length}, refund mismatches ${r.refundMismatches.length}, events missing ${r.eventsMissing.length}, webhooks lost ${r.webhooksLost.length}/${outcome.webhooksAccepted}, unprocessed ${r.eventsUnprocessed}, open jobs ${r.jobsOpen}`,
  );
  for (const line of [...r.lost, ...r.duplicated, ...r.phantom, ...r.refundMismatches, ...r.eventsMissing, ...r.webhooksLost].slice(0, 10))
    out(`  ! ${line}`);
  for (const note of [...new Set(rec.notes)].slice(0, 10)) out(`  note: ${note}`);
  for (const t of targets(outcome)) out(`${t.met ? 'MET   ' : 'MISSED'} ${t.name}: ${t.value}`);
}

/** Writes docs/perf/<name>.json and <name>-{latency,throughput,errors}.svg; returns the paths. */
export function writeReport(dir: string, name: string, outcome: LoadOutcome, meta: Record<string, unknown>): string[] {
  mkdirSync(dir, { recursive: true });
  const rec = outcome.recorder;
  const timeline = rec.timeline(5);
  const r = outcome.reconciliation;
  const json = {
    name,
    ...meta,
    machine: machine(),
    loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100),
    seconds: Math.round(outcome.seconds * 10) / 10,
    summary: {
      api: rec.latency('api'),
      pages: rec.latency('page'),
      actions: rec.latency('action'),
      stripe: rec.latency('stripe'),
      errors: rec.errors(),
      confirmation: rec.confirmation(),
      paid: outcome.paid,
      refunds: outcome.refunds,
      webhooksAccepted: outcome.webhooksAccepted,
    },
    targets: targets(outcome),
    reconciliation: {
      ...r,
      lost: r.lost.slice(0, 50),
      duplicated: r.duplicated.slice(0, 50),
      phantom: r.phantom.slice(0, 50),
      refundMismatches: r.refundMismatches.slice(0, 50),
      eventsMissing: r.eventsMissing.slice(0, 50),
      webhooksLost: r.webhooksLost.slice(0, 50),
    },
    endpoints: rec.endpoints(),
    timeline,
    notes: [...new Set(rec.notes)].slice(0, 50),
  };
  const files = [
    join(dir, `${name}.json`),
    join(dir, `${name}-latency.svg`),
    join(dir, `${name}-throughput.svg`),
    join(dir, `${name}-errors.svg`),
  ];
  writeFileSync(files[0]!, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(
    files[1]!,
    renderChart({
      title: `Latency over time (${name}): JSON API p50/p95 and payment confirmation p95, per 5 s`,
      xLabel: 'seconds since start',
      yLabel: 'milliseconds',
      series: [
        { name: 'API p50', color: '#2563eb', points: timeline.map((b) => [b.t, b.p50]) },
        { name: 'API p95', color: '#7c3aed', points: timeline.map((b) => [b.t, b.p95]) },
        { name: 'confirmation p95', color: '#059669', points: timeline.map((b) => [b.t, b.confirmP95]) },
      ],
      target: { value: 200, label: 'API p95 target 200 ms' },
    }),
  );
  writeFileSync(
    files[2]!,
    renderChart({
      title: `Throughput (${name}): requests/s (all) and payments confirmed/s, per 5 s`,
      xLabel: 'seconds since start',
      yLabel: 'per second',
      series: [
        { name: 'requests/s', color: '#2563eb', points: timeline.map((b) => [b.t, b.requests]) },
        { name: 'payments confirmed/s', color: '#059669', points: timeline.map((b) => [b.t, b.confirmations]) },
      ],
    }),
  );
  writeFileSync(
    files[3]!,
    renderChart({
      title: `Errors (${name}): failed requests per 5 s (total ${rec.errors()})`,
      xLabel: 'seconds since start',
      yLabel: 'errors',
      series: [{ name: 'errors', color: '#dc2626', kind: 'bar', points: timeline.map((b) => [b.t, b.errors]) }],
      yMax: Math.max(5, ...timeline.map((b) => b.errors)),
    }),
  );
  return files;
}
