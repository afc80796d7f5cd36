// The drill harness: each drill is a scripted fault with a report (what was injected, what was
// observed, what was lost or doubled, and named checks); the verdict is pass only when nothing was
// lost or doubled and every check held. `sabotage` asks a drill to break its own precondition, so
// its checks can be seen to fail.

export type Check = { name: string; ok: boolean; detail: string };

export type DrillReport = {
  injected: string[];
  observed: string[];
  lost: number;
  duplicated: number;
  checks: Check[];
};

export type DrillContext = {
  /** Base port of this drill's cluster (3710–3790). */
  port: number;
  /** Deliberately break the drill's own precondition (the harness test shows the verdict then fails). */
  sabotage: boolean;
  distDir: string;
  log: (line: string) => void;
};

export type Drill = { name: string; title: string; fast: boolean; run: (ctx: DrillContext) => Promise<DrillReport> };

export type Verdict = { pass: boolean; reasons: string[] };

export const check = (name: string, ok: boolean, detail: string): Check => ({ name, ok, detail });

/** Pass only with nothing lost, nothing doubled, every check held, and at least one check made. */
export function verdict(report: DrillReport): Verdict {
  const reasons: string[] = [];
  if (!(report.lost === 0)) reasons.push(`lost ${report.lost} (must be 0)`);
  if (!(report.duplicated === 0)) reasons.push(`duplicated ${report.duplicated} (must be 0)`);
  for (const c of report.checks) if (!c.ok) reasons.push(`${c.name}: ${c.detail}`);
  if (report.checks.length === 0) reasons.push('the drill made no checks');
  return { pass: reasons.length === 0, reasons };
}

export function formatReport(drill: Drill, report: DrillReport, v: Verdict, seconds: number): string[] {
  return [
    `── ${drill.name}: ${drill.title} (${seconds.toFixed(1)} s)`,
    ...report.injected.map((l) => `   injected : ${l}`),
    ...report.observed.map((l) => `   observed : ${l}`),
    ...report.checks.map((c) => `   ${c.ok ? 'ok  ' : 'FAIL'}     : ${c.name} — ${c.detail}`),
    `   lost ${report.lost} · duplicated ${report.duplicated}`,
    `   verdict  : ${v.pass ? 'PASS' : `FAIL (${v.reasons.join('; ')})`}`,
  ];
}

export type DrillResult = { name: string; pass: boolean; seconds: number; report: DrillReport | null; reasons: string[] };

/** Runs drills one after another (each on its own ports); a drill that throws fails. Exit code 1 if any failed. */
export async function runDrills(
  drills: Drill[],
  base: Omit<DrillContext, 'port'> & { firstPort: number },
  out: (line: string) => void = console.log,
): Promise<{ results: DrillResult[]; exitCode: number }> {
  const results: DrillResult[] = [];
  for (const [i, drill] of drills.entries()) {
    const started = performance.now();
    let report: DrillReport | null = null;
    let reasons: string[];
    try {
      report = await drill.run({ ...base, port: base.firstPort + i * 10 });
      reasons = verdict(report).reasons;
    } catch (error) {
      reasons = [`the drill crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
    }
    const seconds = (performance.now() - started) / 1000;
    const pass = reasons.length === 0;
    if (report) for (const line of formatReport(drill, report, { pass, reasons }, seconds)) out(line);
    else out(`── ${drill.name}: ${drill.title} — FAIL (${reasons.join('; ')})`);
    results.push({ name: drill.name, pass, seconds, report, reasons });
  }
  out(`drills: ${results.filter((r) => r.pass).length}/${results.length} passed`);
  return { results, exitCode: results.every((r) => r.pass) ? 0 : 1 };
}
