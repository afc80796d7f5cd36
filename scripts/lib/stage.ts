// A test stage of `npm test` (security, reliability): runs scripts one after another as child
// processes, records each one's exit code and time, and prints a summary at the end.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type StepResult = { step: string; code: number; seconds: number };

export function createStage(title: string) {
  const started = performance.now();
  const results: StepResult[] = [];
  return {
    /** Runs `script` (TypeScript, through tsx) to completion; `expectExit` is the exit code that counts as a pass. */
    step(name: string, script: string, args: string[] = [], env: Record<string, string> = {}, expectExit = 0): Promise<void> {
      console.log(`\n━━ ${name} ━━`);
      const stepStarted = performance.now();
      const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', script, ...args], {
        stdio: 'inherit',
        env: { ...process.env, ...env },
      });
      return new Promise((resolve) =>
        child.on('exit', (code, signal) => {
          const exit = code ?? (signal ? 1 : 0);
          results.push({ step: name, code: exit === expectExit ? 0 : 1, seconds: (performance.now() - stepStarted) / 1000 });
          resolve();
        }),
      );
    },
    /** Records a step run in this process. */
    record(result: StepResult): void {
      results.push(result);
    },
    /** Prints the summary and returns the process exit code (1 if any step failed). */
    finish(): number {
      console.log(`\n━━ ${title} ━━`);
      for (const r of results) console.log(`${r.code === 0 ? '✓' : '✗'} ${r.step} (${r.seconds.toFixed(1)} s)`);
      const failed = results.filter((r) => r.code !== 0).length;
      console.log(`${results.length - failed} passed, ${failed} failed (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      return failed === 0 ? 0 : 1;
    },
  };
}

/** Stages run against an existing production build; without one they stop with the fix. */
export function requireBuild(distDir: string): void {
  if (existsSync(join(distDir, 'BUILD_ID'))) return;
  console.error(`No production build in ${distDir}: run \`next build\` first.`);
  process.exit(1);
}
