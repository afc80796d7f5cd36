// `npm run pci:check [-- --url=<app>]`: PCI checks over what the e2e run left behind and the build.
//  - schema: no table or column able to hold a PAN, CVC or track data (information_schema of the
//    e2e database, which is migrated);
//  - database: no Luhn-valid card number in any text/JSON/wide numeric column of the e2e database;
//  - logs: none in the app logs of the e2e run (.data/e2e-logs, written by scripts/serve-e2e.ts);
//  - source: none in the repository outside test fixtures and the emulator;
//  - stripe-js: Stripe.js only from js.stripe.com (or the emulator), via @stripe/stripe-js/pure,
//    checked in the source, the built client chunks and, with --url, the pages a running app serves;
//  - tls: HSTS, Secure cookies and https APP_URL/AUTH_URL in production.
// Options: --database-url=… (default: the e2e database of E2E_PORT), --logs=<dir>, --dist=<dir>
// (default NEXT_DIST_DIR or .next), --url=<running app> for the page checks. Exits 1 on any finding.
import postgres from 'postgres';
import { DEMO_ACCOUNTS } from '@/db/seed';
import { CARD_NUMBER_EXCLUSIONS } from '@/lib/security/card-numbers';
import { AppSession, signIn } from './lib/app-session';
import { E2E_PORT, e2eDatabaseUrl, e2eEmbedded } from './lib/e2e-config';
import { startEmbeddedPostgres } from './lib/embedded-postgres';
import { Report, guarded } from './pentest/report';
import { databaseCheck } from './pci/data';
import { logsCheck, repoFiles, sourceCheck } from './pci/files';
import { columnsOf, schemaCheck } from './pci/schema';
import { chunksCheck, importsCheck, markupCheck, pagesCheck } from './pci/stripe-js';
import { tlsCheck } from './pci/tls';

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const databaseUrl = option('database-url') ?? e2eDatabaseUrl();
const logsDir = option('logs') ?? '.data/e2e-logs';
const distDir = option('dist') ?? process.env.NEXT_DIST_DIR ?? '.next';
const appUrl = option('url');

const started = performance.now();
const report = new Report();
console.log(
  `PCI check: database ${databaseUrl.replace(/\/\/[^@]*@/, '//…@')}, logs ${logsDir}, build ${distDir}${appUrl ? `, app ${appUrl}` : ''}`,
);
console.log(`Not counted as card numbers: ${CARD_NUMBER_EXCLUSIONS.map((e) => `\n  - ${e}`).join('')}\n`);

// Without DATABASE_URL the e2e run used its own embedded cluster, stopped with it: start it again to read it.
const embedded =
  !option('database-url') && !process.env.DATABASE_URL
    ? await startEmbeddedPostgres({ dir: e2eEmbedded().dir, port: e2eEmbedded().port })
    : undefined;
const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
try {
  await guarded(report, 'schema', async () => {
    const columns = await columnsOf(sql);
    schemaCheck(report, columns);
    await databaseCheck(report, sql, columns);
  });
} finally {
  await sql.end();
  await embedded?.stop();
}
await guarded(report, 'logs', async () => logsCheck(report, logsDir, `app-${E2E_PORT}.log`));
const files = repoFiles();
await guarded(report, 'source', async () => sourceCheck(report, files));
await guarded(report, 'stripe-js', async () => {
  importsCheck(report, files);
  markupCheck(report, files);
  chunksCheck(report, distDir);
  if (!appUrl) return;
  const user = await signIn(
    appUrl,
    DEMO_ACCOUNTS.find((a) => a.role === 'user')!,
  );
  const pages = [];
  for (const [session, path] of [
    [new AppSession(appUrl), '/'],
    [new AppSession(appUrl), '/pricing'],
    [user, '/pay'],
    [user, '/billing'],
  ] as const) {
    const response = await session.request(path);
    pages.push({ path, html: await response.text(), csp: response.headers.get('content-security-policy') });
  }
  await pagesCheck(report, pages, new URL(appUrl).origin);
  const cookie = user.setCookieFor((name) => name.endsWith('authjs.session-token')) ?? '';
  report.record(
    'tls',
    'the running app’s session cookie is __Secure- prefixed and Secure',
    cookie.startsWith('__Secure-') && /;\s*secure/i.test(cookie),
  );
});
await guarded(report, 'tls', async () => tlsCheck(report));

console.log(
  `\n${report.attempts.length - report.findings.length} passed, ${report.findings.length} failed (${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
process.exit(report.findings.length === 0 ? 0 : 1);
