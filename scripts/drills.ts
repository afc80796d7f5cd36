// `npm run drills`: fault drills against the production build, each with a verdict (injected,
// observed, lost, duplicated). `npm run drills -- <name…>` runs some; `--fast` the quick ones (CI);
// `npm run drills -- scale [--users N --duration S]` the scale-out replay; `--break` makes each
// selected drill break its own precondition, so its verdict must be FAIL. Ports 3710–3800.
// Needs DATABASE_URL (a local PostgreSQL server) and a build (NEXT_DIST_DIR, default .next).
import { loadavg } from 'node:os';
import { machine, numberArg } from './lib/bench';
import { DRILLS } from './drills/index';
import { runDrills } from './drills/harness';
import { scaleDrill } from './drills/scale';

const args = process.argv.slice(2);
const names = args.filter((a, i) => !a.startsWith('--') && !['--users', '--duration'].includes(args[i - 1] ?? ''));
const unknown = names.filter((n) => n !== 'scale' && !DRILLS.some((d) => d.name === n));
if (unknown.length > 0) {
  console.error(`unknown drill ${unknown.join(', ')}; drills: ${DRILLS.map((d) => d.name).join(', ')}, scale`);
  process.exit(2);
}
const selected = names.includes('scale')
  ? [scaleDrill({ users: numberArg('users', 40), duration: numberArg('duration', 60) })]
  : names.length > 0
    ? DRILLS.filter((d) => names.includes(d.name))
    : DRILLS.filter((d) => !args.includes('--fast') || d.fast);
const sabotage = args.includes('--break');
console.log(
  `machine: ${machine()}; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `drills: ${selected.map((d) => d.name).join(', ')}${sabotage ? ' — each deliberately broken (--break): every verdict must be FAIL' : ''}`,
);
const { exitCode } = await runDrills(selected, {
  firstPort: names.includes('scale') ? 3800 : 3710,
  sabotage,
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  log: (line) => console.log(line),
});
process.exit(exitCode);
