import { describe, expect, it } from 'vitest';
import { check, runDrills, verdict, type Drill, type DrillReport } from './harness';

const clean: DrillReport = { injected: ['x'], observed: ['y'], lost: 0, duplicated: 0, checks: [check('it held', true, 'fine')] };
const base = { firstPort: 3710, sabotage: false, distDir: '.next', log: () => {} };

/** A drill whose own precondition breaks under `sabotage`, as every real drill's does (`npm run drills -- --break`). */
const honest: Drill = {
  name: 'honest',
  title: 'reports what it saw',
  fast: true,
  run: async (ctx) =>
    ctx.sabotage ? { ...clean, lost: 3, checks: [check('the worker was restarted', false, 'nobody restarted it')] } : clean,
};

describe('drill verdicts', () => {
  it('pass only with nothing lost, nothing doubled and every check held', () => {
    expect(verdict(clean)).toEqual({ pass: true, reasons: [] });
    expect(verdict({ ...clean, lost: 1 })).toEqual({ pass: false, reasons: ['lost 1 (must be 0)'] });
    expect(verdict({ ...clean, duplicated: 2 })).toEqual({ pass: false, reasons: ['duplicated 2 (must be 0)'] });
    expect(verdict({ ...clean, checks: [check('recovers by itself', false, 'never recovered')] })).toEqual({
      pass: false,
      reasons: ['recovers by itself: never recovered'],
    });
    expect(verdict({ ...clean, checks: [] }).pass).toBe(false);
    expect(verdict({ ...clean, lost: Number.NaN }).pass).toBe(false);
  });

  it('the run exits non-zero when a drill loses, doubles, fails a check or crashes', async () => {
    const out: string[] = [];
    const lossy: Drill = { ...honest, name: 'lossy', run: async () => ({ ...clean, lost: 1 }) };
    const doubled: Drill = { ...honest, name: 'doubled', run: async () => ({ ...clean, duplicated: 1 }) };
    const crashing: Drill = { ...honest, name: 'crashing', run: async () => Promise.reject(new Error('the stack did not start')) };
    const { results, exitCode } = await runDrills([honest, lossy, doubled, crashing], base, (line) => out.push(line));
    expect(exitCode).toBe(1);
    expect(results.map((r) => [r.name, r.pass])).toEqual([
      ['honest', true],
      ['lossy', false],
      ['doubled', false],
      ['crashing', false],
    ]);
    expect(out.join('\n')).toMatch(/lost 1 · duplicated 0\n\s+verdict\s+: FAIL \(lost 1 \(must be 0\)\)/);
    expect(out.at(-1)).toBe('drills: 1/4 passed');
  });

  it('a drill with its precondition deliberately broken (--break) fails, the same drill unbroken passes', async () => {
    expect((await runDrills([honest], base, () => {})).exitCode).toBe(0);
    const broken = await runDrills([honest], { ...base, sabotage: true }, () => {});
    expect(broken.exitCode).toBe(1);
    expect(broken.results[0]!.reasons).toEqual(['lost 3 (must be 0)', 'the worker was restarted: nobody restarted it']);
  });
});
