// `npm run test:reliability`: the reliability stage of `npm test`, against the production build
// (`next build` ran first). A short load test gated on correctness (zero errors, nothing lost or
// doubled — latency targets depend on the machine and are measured by `npm run load`), the fast
// fault drills, and one drill run with its own check deliberately broken, which must fail.
// Prints a summary with timings; exits 1 if any step failed.
import { createStage, requireBuild } from './lib/stage';

const distDir = process.env.NEXT_DIST_DIR ?? '.next';
const { step, finish } = createStage('reliability stage');

requireBuild(distDir);
await step('load test, 20 users × 20 s (correctness gate)', 'scripts/load.ts', [
  '--users',
  '20',
  '--duration',
  '20',
  '--gate',
  'correctness',
  '--name',
  'ci-load-20x20',
  '--out',
  '.data/perf',
]);
await step('fast fault drills', 'scripts/drills.ts', ['--fast']);
await step('a drill with its own check broken must fail', 'scripts/drills.ts', ['duplicates', '--break'], {}, 1);
process.exit(finish());
