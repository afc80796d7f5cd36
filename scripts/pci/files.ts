// No card number in the logs of the e2e run, nor in source outside test fixtures and the emulator.
// Markdown may show Stripe's published test cards (the README tells testers which to type); any
// other number there is a finding too.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findCardNumbers, maskedPan } from '@/lib/security/card-numbers';
import type { Report } from '../pentest/report';

/** Paths whose card numbers are test input by design, each with why. */
export const SOURCE_EXCLUSIONS: readonly [RegExp, string][] = [
  [/^emulator\//, 'the Stripe emulator: it is Stripe’s side and must know the test cards'],
  [/^e2e\//, 'browser tests type test cards into Stripe’s iframe'],
  [/\.(test|spec)\.tsx?$/, 'unit and integration tests'],
  [/(^|\/)test-fixtures\.ts$/, 'test fixtures'],
  [/^scripts\/test\//, 'the test harness'],
  [/^scripts\/(bench-[\w-]+\.ts$|load\/)/, 'benchmarks and load tests that pay with Stripe test cards'],
  [/^(package-lock\.json|drizzle\/meta\/)/, 'generated files (hashes, timestamps)'],
];

/** Stripe's published test cards, allowed in Markdown; kept masked so this file holds no card number. */
const STRIPE_TEST_CARDS = new Set([
  '424242••••••4242',
  '400005••••••5556',
  '555555••••••4444',
  '222300••••••3222',
  '520082••••••8210',
  '510510••••••5100',
  '378282•••••0005',
  '371449•••••8431',
  '601111••••••1117',
  '305693••••••0004',
  '362272••••1667',
  '356600••••••0505',
  '620000••••••0005',
  '400000••••••3155',
  '400000••••••3184',
  '400000••••••3178',
  '400000••••••3220',
  '400000••••••3063',
  '400000••••••0002',
  '400000••••••9995',
  '400000••••••9987',
  '400000••••••9979',
  '400000••••••0069',
  '400000••••••0127',
  '400000••••••0119',
  '400000••••••0341',
  '400000••••••0259',
  '400000••••••5126',
  '400000••••••0077',
  '400000••••••0278',
  '400000••••••0101',
]);

function scanText(report: Report, check: string, where: string, text: string, allow: (digits: string) => boolean = () => false): number {
  let found = 0;
  for (const match of findCardNumbers(text)) {
    if (allow(match.digits)) continue;
    found++;
    report.record(
      check,
      `no card number in ${where}`,
      false,
      `${match.brand} ${maskedPan(match.digits)} in “${match.context.replace(/\s+/g, ' ')}”`,
    );
  }
  return found;
}

/** Every log file in `dir`; the e2e run's own log (`required`) must be there and not empty. */
export function logsCheck(report: Report, dir: string, required: string): void {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.log')) : [];
  const path = join(dir, required);
  report.record(
    'logs',
    `the e2e run's app log ${path} exists and is not empty`,
    existsSync(path) && statSync(path).size > 0,
    existsSync(path) ? `${statSync(path).size} bytes` : 'missing: run the e2e suite first',
  );
  let bytes = 0;
  let found = 0;
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    bytes += text.length;
    found += scanText(report, 'logs', join(dir, file), text);
  }
  report.record(
    'logs',
    `no card number in ${files.length} log file(s) of ${dir}`,
    files.length > 0 && found === 0,
    `${(bytes / 1024).toFixed(0)} KiB scanned`,
  );
}

/** Tracked and new (not ignored) files, as git lists them. */
export function repoFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter(Boolean);
}

export function sourceCheck(report: Report, files: string[]): void {
  let scanned = 0;
  let found = 0;
  for (const file of files) {
    if (SOURCE_EXCLUSIONS.some(([pattern]) => pattern.test(file)) || !existsSync(file) || statSync(file).size > 2 * 1024 * 1024) continue;
    const buffer = readFileSync(file);
    if (buffer.includes(0)) continue;
    scanned++;
    found += scanText(
      report,
      'source',
      file,
      buffer.toString('utf8'),
      file.endsWith('.md') ? (d) => STRIPE_TEST_CARDS.has(maskedPan(d)) : undefined,
    );
  }
  report.record(
    'source',
    `no card number in ${scanned} source files (outside: ${SOURCE_EXCLUSIONS.map(([p]) => p.source).join(', ')})`,
    scanned > 0 && found === 0,
  );
}
