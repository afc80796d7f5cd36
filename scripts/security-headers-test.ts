// `tsx scripts/security-headers-test.ts [url] [--dev]`: checks the security headers of a running app
// (default APP_URL or http://localhost:3100, a production build) on public, signed-in, admin, API
// and error responses, the session cookie's flags, the Origin checks, and that admin authorisation
// ignores `x-middleware-subrequest`. Prints every check; exits 1 if any fails. `--dev` expects a
// development server (no HSTS, no Secure cookies, 'unsafe-eval' allowed).
import { randomBytes } from 'node:crypto';
import { DEMO_ACCOUNTS } from '@/db/seed';
import { AppSession, signIn, type Account } from './lib/app-session';

const args = process.argv.slice(2);
const dev = args.includes('--dev');
const baseUrl = args.find((a) => !a.startsWith('--')) ?? process.env.APP_URL ?? 'http://localhost:3100';
const account = (role: 'user' | 'admin'): Account => DEMO_ACCOUNTS.find((a) => a.role === role)!;

let failures = 0;
function check(label: string, ok: boolean, detail = ''): void {
  if (!ok) failures++;
  console.log(`${ok ? '✓' : '✗'} ${label}${detail ? ` — ${detail}` : ''}`);
}

type Csp = Map<string, string[]>;
const parseCsp = (value: string): Csp =>
  new Map(
    value
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  );

/** Stripe's origins, or the emulator's, that the CSP must allow for each purpose. */
async function expectedStripeOrigins(): Promise<{ script: string[]; frame: string[]; connect: string[] } | undefined> {
  const health = await fetch(new URL('/api/health', baseUrl))
    .then((r) => r.json() as Promise<{ stripe?: { mode?: string } }>)
    .catch(() => undefined);
  if (health?.stripe?.mode === 'stripe')
    return {
      script: ['https://js.stripe.com'],
      frame: ['https://js.stripe.com', 'https://hooks.stripe.com'],
      connect: ['https://api.stripe.com'],
    };
  return undefined;
}

/** The checks every response gets, whatever its kind. */
function commonHeaders(label: string, response: Response): void {
  const h = response.headers;
  check(`${label}: X-Frame-Options DENY`, h.get('x-frame-options') === 'DENY', h.get('x-frame-options') ?? 'missing');
  check(`${label}: X-Content-Type-Options nosniff`, h.get('x-content-type-options') === 'nosniff');
  check(
    `${label}: Referrer-Policy strict-origin-when-cross-origin`,
    h.get('referrer-policy') === 'strict-origin-when-cross-origin',
    h.get('referrer-policy') ?? 'missing',
  );
  const permissions = h.get('permissions-policy') ?? '';
  check(
    `${label}: Permissions-Policy restrictive, payment for self and Stripe only`,
    /(^|, )payment=\(self "[^"]+"\)/.test(permissions) &&
      /camera=\(\)/.test(permissions) &&
      /microphone=\(\)/.test(permissions) &&
      /geolocation=\(\)/.test(permissions),
    permissions || 'missing',
  );
  const hsts = h.get('strict-transport-security');
  if (dev) check(`${label}: no HSTS in development`, hsts === null);
  else
    check(
      `${label}: Strict-Transport-Security max-age=63072000; includeSubDomains`,
      hsts === 'max-age=63072000; includeSubDomains',
      hsts ?? 'missing',
    );
  check(`${label}: no X-Powered-By`, h.get('x-powered-by') === null);
}

/** Checks the CSP and returns its nonce. */
function cspHeaders(label: string, response: Response, stripe: Awaited<ReturnType<typeof expectedStripeOrigins>>): string | undefined {
  const raw = response.headers.get('content-security-policy');
  check(`${label}: Content-Security-Policy present`, raw !== null);
  if (!raw) return undefined;
  const csp = parseCsp(raw);
  const scripts = csp.get('script-src') ?? [];
  const nonce = scripts.map((s) => /^'nonce-([A-Za-z0-9+/=_-]{16,})'$/.exec(s)?.[1]).find(Boolean);
  check(`${label}: script-src has a nonce`, nonce !== undefined, scripts.join(' '));
  check(
    `${label}: script-src allows no inline script${dev ? '' : ' and no eval'}`,
    !scripts.includes("'unsafe-inline'") && (dev || !scripts.includes("'unsafe-eval'")),
  );
  check(`${label}: script-src has no 'strict-dynamic' (host allowlist stays in force)`, !scripts.includes("'strict-dynamic'"));
  check(`${label}: script-src has no wildcard or scheme source`, !scripts.some((s) => s === '*' || /^(https?|data|blob):$/.test(s)));
  const stripeScripts = scripts.filter((s) => !s.startsWith("'"));
  const frames = csp.get('frame-src') ?? [];
  const connects = (csp.get('connect-src') ?? []).filter((s) => s !== "'self'");
  if (stripe) {
    check(
      `${label}: Stripe origins (script, frame, connect)`,
      same(stripeScripts, stripe.script) && same(frames, stripe.frame) && same(connects, stripe.connect),
      `${stripeScripts} | ${frames} | ${connects}`,
    );
  } else {
    // The emulator, plus the fallback account's emulator when one is configured: the same origins everywhere.
    const local = stripeScripts.every((s) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(s));
    check(
      `${label}: the emulator origin(s) alone for script, frame and connect`,
      stripeScripts.length >= 1 &&
        stripeScripts.length <= 2 &&
        local &&
        same(frames, stripeScripts) &&
        same(connects, stripeScripts) &&
        !raw.includes('stripe.com'),
      `${stripeScripts} | ${frames} | ${connects}`,
    );
  }
  for (const [directive, value] of [
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['frame-ancestors', "'none'"],
    ['form-action', "'self'"],
    ['report-uri', '/api/csp-report'],
  ] as const)
    check(`${label}: ${directive} ${value}`, same(csp.get(directive) ?? [], [value]), (csp.get(directive) ?? ['missing']).join(' '));
  return nonce;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const noStore = (label: string, response: Response) =>
  check(
    `${label}: Cache-Control no-store`,
    /(^|,)\s*no-store\s*(,|$)/.test(response.headers.get('cache-control') ?? ''),
    response.headers.get('cache-control') ?? 'missing',
  );

/** Every <script> in the HTML carries the response's nonce (Next.js read it from the CSP). */
async function scriptsCarryNonce(label: string, response: Response, nonce: string | undefined): Promise<void> {
  const html = await response.text();
  const tags = html.match(/<script\b[^>]*>/g) ?? [];
  const bad = tags.filter((t) => !t.includes(`nonce="${nonce}"`));
  check(
    `${label}: every <script> carries this response's nonce`,
    nonce !== undefined && tags.length > 0 && bad.length === 0,
    `${tags.length} scripts${bad.length ? `, without: ${bad.slice(0, 2).join(' ')}` : ''}`,
  );
}

async function page(
  label: string,
  session: AppSession,
  path: string,
  status: number,
  stripe: Awaited<ReturnType<typeof expectedStripeOrigins>>,
  options: { private: boolean },
) {
  const response = await session.request(path);
  check(`${label}: GET ${path} → ${status}`, response.status === status, String(response.status));
  commonHeaders(label, response);
  const nonce = cspHeaders(label, response, stripe);
  if (options.private) noStore(label, response);
  await scriptsCarryNonce(label, response, nonce);
  return nonce;
}

async function main(): Promise<void> {
  console.log(`Security headers of ${baseUrl}${dev ? ' (development expectations)' : ''}\n`);
  const stripe = await expectedStripeOrigins();
  const anonymous = new AppSession(baseUrl);

  const first = await page('public', anonymous, '/', 200, stripe, { private: false });
  const second = cspHeaders('public (again)', await anonymous.request('/'), stripe);
  check('public: a fresh nonce on every response', first !== undefined && second !== undefined && first !== second);
  await page('public sign-in', anonymous, '/sign-in', 200, stripe, { private: false });
  await page('error', anonymous, `/no-such-page-${randomBytes(4).toString('hex')}`, 404, stripe, { private: false });

  const health = await anonymous.request('/api/health');
  commonHeaders('API', health);
  noStore('API', health);
  check('API: JSON is not sniffable as HTML', (health.headers.get('content-type') ?? '').startsWith('application/json'));
  // A route that sets no Cache-Control of its own still gets no-store from the proxy.
  noStore('API (Auth.js csrf)', await anonymous.request('/api/auth/csrf'));

  const user = await signIn(baseUrl, account('user'));
  const sessionCookie = user.setCookieFor((name) => name.endsWith('authjs.session-token'));
  check('session cookie: HttpOnly', /;\s*httponly/i.test(sessionCookie ?? ''), sessionCookie?.replace(/=[^;]+/, '=…'));
  check('session cookie: SameSite=Lax', /;\s*samesite=lax/i.test(sessionCookie ?? ''));
  if (!dev)
    check(
      'session cookie: Secure, __Secure- prefixed',
      /;\s*secure/i.test(sessionCookie ?? '') && (sessionCookie ?? '').startsWith('__Secure-'),
    );
  const csrfCookie = user.setCookieFor((name) => name.endsWith('authjs.csrf-token'));
  check('CSRF cookie: HttpOnly, SameSite=Lax', /;\s*httponly/i.test(csrfCookie ?? '') && /;\s*samesite=lax/i.test(csrfCookie ?? ''));
  await page('signed-in', user, '/account', 200, stripe, { private: true });

  const admin = await signIn(baseUrl, account('admin'));
  await page('admin', admin, '/admin', 200, stripe, { private: true });
  const adminApi = await admin.request('/api/admin/users');
  check('admin API: GET /api/admin/users → 200', adminApi.status === 200, String(adminApi.status));
  commonHeaders('admin API', adminApi);
  noStore('admin API', adminApi);

  // Server actions and mutating routes: a cross-site POST is refused before anything runs.
  const action = { 'next-action': '0'.repeat(42), 'content-type': 'text/plain;charset=UTF-8' };
  for (const [name, origin] of [
    ['a foreign Origin', 'https://evil.example'],
    ['Origin: null', 'null'],
    ['no Origin', undefined],
  ] as const) {
    const headers: Record<string, string> = { ...action, ...(origin ? { origin } : {}) };
    const refused = await fetch(new URL('/', baseUrl), { method: 'POST', headers, body: '[]', redirect: 'manual' });
    check(`origin: a server action with ${name} → 403`, refused.status === 403, String(refused.status));
    const api = await fetch(new URL('/api/auth/signout', baseUrl), {
      method: 'POST',
      headers: origin ? { origin } : {},
      redirect: 'manual',
    });
    check(`origin: POST /api/auth/signout with ${name} → 403`, api.status === 403, String(api.status));
  }

  // CVE-2025-29927: the header that once skipped middleware must change nothing, because
  // authorisation never lived there.
  for (const value of [
    'proxy',
    'middleware',
    'proxy:proxy:proxy:proxy:proxy',
    'middleware:middleware:middleware:middleware:middleware',
    'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware',
  ]) {
    const headers = { 'x-middleware-subrequest': value };
    const anonPage = await anonymous.request('/admin', { headers });
    check(
      `subrequest "${value}": anonymous /admin → sign-in redirect`,
      [303, 307].includes(anonPage.status) && (anonPage.headers.get('location') ?? '').includes('/sign-in'),
      `${anonPage.status} ${anonPage.headers.get('location') ?? ''}`,
    );
    const anonApi = await anonymous.request('/api/admin/users', { headers });
    check(`subrequest "${value}": anonymous /api/admin/users → 401`, anonApi.status === 401, String(anonApi.status));
    const userPage = await user.request('/admin', { headers });
    check(`subrequest "${value}": user /admin → 403`, userPage.status === 403, String(userPage.status));
    const userApi = await user.request('/api/admin/users', { headers });
    check(`subrequest "${value}": user /api/admin/users → 403`, userApi.status === 403, String(userApi.status));
  }

  const report = await anonymous.request('/api/csp-report', {
    method: 'POST',
    headers: { 'content-type': 'application/csp-report' },
    body: JSON.stringify({
      'csp-report': { 'document-uri': `${baseUrl}/`, 'blocked-uri': 'inline', 'effective-directive': 'script-src-elem' },
    }),
  });
  check('CSP report endpoint: POST /api/csp-report → 204', report.status === 204, String(report.status));
}

try {
  await main();
} catch (error) {
  failures++;
  console.log(`✗ could not finish: ${error instanceof Error ? error.message : String(error)}`);
}
console.log(failures === 0 ? '\nAll security header checks passed.' : `\n${failures} check(s) failed.`);
process.exit(failures === 0 ? 0 : 1);
