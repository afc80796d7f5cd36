// `npm run audit:deps [-- --allow-offline]`: `npm audit --audit-level=high`, with every high or
// critical advisory either fixed or listed with its justification under "Dependency audit
// exceptions" in docs/SECURITY.md. Where the registry's audit endpoint cannot be reached (this
// workplace's registry proxy answers 405 to it), the run says so and checks the installed versions
// against the advisories we know hit our stack; that fallback passes only with --allow-offline.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

type Advisory = { source?: number; name?: string; title?: string; url?: string; severity?: string };
type AuditReport = {
  vulnerabilities?: Record<string, { name: string; severity: string; via: (Advisory | string)[] }>;
  message?: string;
  statusCode?: number;
  error?: { summary?: string };
};

/** Advisories known to hit packages on our request path, with the first fixed version we require. */
const FLOORS: { name: string; min: string; why: string }[] = [
  {
    name: 'next',
    min: '16.0.7',
    why: 'CVE-2025-29927 (middleware authorisation bypass, fixed in 15.2.3) and CVE-2025-66478 (React Server Components remote code execution, fixed in 16.0.7)',
  },
];

const allowOffline = process.argv.includes('--allow-offline');
let failures = 0;
const line = (ok: boolean, text: string) => {
  if (!ok) failures++;
  console.log(`${ok ? '✓' : '✗'} ${text}`);
};

/** Package names (and advisory URLs) excepted in docs/SECURITY.md, each row carrying its reason. */
function exceptions(): { name: string; advisory: string; why: string }[] {
  const doc = readFileSync('docs/SECURITY.md', 'utf8');
  const start = doc.indexOf('### Dependency audit exceptions');
  if (start === -1) return [];
  const rows = doc.slice(start).split('\n').slice(1);
  const out: { name: string; advisory: string; why: string }[] = [];
  for (const row of rows) {
    if (/^#{1,4}\s/.test(row)) break;
    const cells = row.split('|').map((c) => c.trim().replace(/`/g, ''));
    if (cells.length < 5 || cells[1] === 'Package' || /^-+$/.test(cells[1] ?? '')) continue;
    out.push({ name: cells[1]!, advisory: cells[2]!, why: cells[4]! });
  }
  return out;
}

const parts = (v: string) => v.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
function atLeast(version: string, min: string): boolean {
  const [a, b] = [parts(version), parts(min)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    if (x === y) continue;
    if (x === undefined) return true; // 5.0.0 is newer than 5.0.0-beta.N
    if (y === undefined) return false;
    if (typeof x === 'number' && typeof y === 'number') return x > y;
    return String(x) > String(y);
  }
  return true;
}

function installed(name: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

let raw = '';
try {
  raw = execFileSync('npm', ['audit', '--audit-level=high', '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 60_000,
  });
} catch (error) {
  // npm audit exits non-zero when it finds something; its JSON is still on stdout.
  raw = (error as { stdout?: string }).stdout ?? '';
}
let report: AuditReport = {};
try {
  report = JSON.parse(raw) as AuditReport;
} catch {
  report = { message: raw.slice(0, 200) || 'no output' };
}

if (report.vulnerabilities) {
  const excepted = exceptions();
  const serious = Object.values(report.vulnerabilities).filter((v) => v.severity === 'high' || v.severity === 'critical');
  for (const v of serious) {
    const urls = v.via.filter((a): a is Advisory => typeof a === 'object').map((a) => a.url ?? '');
    const exception = excepted.find((e) => e.name === v.name && (e.advisory === '*' || urls.includes(e.advisory)));
    line(
      !!exception && exception.why.length > 20,
      `${v.severity} advisory in ${v.name}${urls.length ? ` (${urls.join(', ')})` : ''}${exception ? ` — excepted: ${exception.why}` : ' — fix it or justify it in docs/SECURITY.md'}`,
    );
  }
  line(true, `npm audit: ${Object.keys(report.vulnerabilities).length} vulnerable packages reported, ${serious.length} high or critical`);
} else {
  const reason = report.error?.summary || report.message || `status ${report.statusCode ?? '?'}`;
  line(
    allowOffline,
    `npm audit could not reach the advisory database (${reason.slice(0, 160)})${allowOffline ? ' — allowed offline; the floors below still apply' : '; rerun with network access, or pass --allow-offline'}`,
  );
}

for (const floor of FLOORS) {
  const version = installed(floor.name);
  line(version !== undefined && atLeast(version, floor.min), `${floor.name} ${version ?? 'missing'} ≥ ${floor.min}: ${floor.why}`);
}
console.log(failures === 0 ? '\nDependency audit passed.' : `\n${failures} dependency audit check(s) failed.`);
process.exit(failures === 0 ? 0 : 1);
