// Stripe.js comes only from js.stripe.com (or the emulator in emulator mode), loaded by
// `@stripe/stripe-js/pure` when a payment form needs it: never the package's default entry (which
// injects the script on import), never a script tag of our own pointing elsewhere.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../pentest/report';

const CHECK = 'stripe-js';

function jsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? jsFiles(full) : full.endsWith('.js') ? [full] : [];
  });
}

/** Client code imports Stripe.js only through the pure entry (type-only imports of the main entry are erased). */
export function importsCheck(report: Report, files: string[]): void {
  const client = files.filter((f) => /^(app|components|lib)\/.*\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
  const bad: string[] = [];
  for (const file of client) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/import\s+([^;]*?)\s+from\s+['"]@stripe\/stripe-js['"]/g)) {
      const clause = m[1]!.trim();
      const names =
        clause.startsWith('{') && clause.endsWith('}')
          ? clause
              .slice(1, -1)
              .split(',')
              .map((n) => n.trim())
              .filter(Boolean)
          : [];
      const typeOnly = clause.startsWith('type ') || (names.length > 0 && names.every((n) => n.startsWith('type ')));
      if (!typeOnly) bad.push(`${file}: import ${clause}`);
    }
    if (/import\s+['"]@stripe\/stripe-js['"]|require\(\s*['"]@stripe\/stripe-js['"]\s*\)/.test(source))
      bad.push(`${file}: side-effect import`);
  }
  report.record(
    CHECK,
    `client code loads Stripe.js only via @stripe/stripe-js/pure (${client.length} files)`,
    bad.length === 0,
    bad.join('; '),
  );
}

/** Our own markup adds no third-party script: every <script src> / <Script src> in app/ and components/ is checked. */
export function markupCheck(report: Report, files: string[]): void {
  const markup = files.filter((f) => /^(app|components)\/.*\.tsx$/.test(f));
  const tags: string[] = [];
  for (const file of markup) {
    for (const m of readFileSync(file, 'utf8').matchAll(/<Script\b[^>]*\bsrc=|<script\b[^>]*\bsrc=/g)) tags.push(`${file}: ${m[0]}`);
  }
  report.record(
    CHECK,
    `no <script src> in layouts, pages or components (${markup.length} files; Stripe.js is injected by the loader)`,
    tags.length === 0,
    tags.join('; '),
  );
  const loader = existsSync('lib/stripe/browser-config.ts') ? readFileSync('lib/stripe/browser-config.ts', 'utf8') : '';
  const urls = loader.split('\n').filter((l) => l.includes('stripe.js'));
  const fromEmulator = (l: string) => /mode === 'emulator' \? `\$\{stripe(\.fallback)?\.emulatorUrl\}\/v3\/stripe\.js` : null/.test(l);
  report.record(
    CHECK,
    'the only other script URLs are the emulator stand-ins, built from the emulator URLs in emulator mode',
    urls.length > 0 && urls.every(fromEmulator),
    `lib/stripe/browser-config.ts: ${urls.length} script URL(s)`,
  );
}

/** The built client chunks: Stripe code is the pure loader, and every Stripe script URL is on js.stripe.com. */
export function chunksCheck(report: Report, distDir: string): void {
  const files = jsFiles(join(distDir, 'static'));
  report.record(CHECK, `built client chunks found in ${distDir}/static`, files.length > 0, `${files.length} files; run next build first`);
  let loaders = 0;
  for (const file of files) {
    const js = readFileSync(file, 'utf8');
    for (const m of js.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)) {
      const host = m[1]!.toLowerCase();
      if (!host.includes('stripe')) continue;
      const docs = host === 'stripe.com' || host === 'docs.stripe.com';
      if (!docs && host !== 'js.stripe.com') report.record(CHECK, `Stripe URLs in ${file} point at js.stripe.com`, false, m[0]);
    }
    if (/https:\/\/js\.stripe\.com/.test(js) && /stripe\.js/.test(js)) {
      loaders++;
      report.record(
        CHECK,
        `${file}: the Stripe.js loader is the pure entry (loads on demand)`,
        js.includes('setLoadParameters'),
        'the default entry injects js.stripe.com on import',
      );
    }
  }
  report.record(CHECK, 'the Stripe.js loader is in the client bundle', loaders > 0, `${loaders} chunk(s)`);
}

/** A running app: every script a page references is our own, and the CSP allows scripts only from us, the nonce and Stripe. */
export async function pagesCheck(
  report: Report,
  pages: { path: string; html: string; csp: string | null }[],
  origin: string,
): Promise<void> {
  for (const page of pages) {
    const srcs = [...page.html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => new URL(m[1]!, origin));
    const foreign = srcs.filter((u) => u.origin !== origin || !u.pathname.startsWith('/_next/static/'));
    report.record(
      CHECK,
      `${page.path}: every <script src> is our own /_next/static chunk`,
      srcs.length > 0 && foreign.length === 0,
      foreign.map(String).join(', ') || `${srcs.length} scripts`,
    );
    const scriptSrc = /script-src ([^;]+)/.exec(page.csp ?? '')?.[1]?.split(/\s+/) ?? [];
    const hosts = scriptSrc.filter((s) => !s.startsWith("'"));
    const allowed = hosts.every((h) => h === 'https://js.stripe.com' || /^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(h));
    report.record(
      CHECK,
      `${page.path}: CSP script-src allows only 'self', the nonce and Stripe (or the local emulator)`,
      scriptSrc.includes("'self'") && allowed && hosts.length === 1,
      scriptSrc.join(' '),
    );
  }
}
