import 'server-only';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

/**
 * The only routes that take state-changing requests without a same-origin browser `Origin`, each
 * with the reason that is safe. Everything else must prove it comes from one of our own pages.
 */
export const ORIGIN_EXEMPT_ROUTES: Readonly<Record<string, string>> = {
  '/api/webhooks/stripe': 'Stripe calls it server to server with no Origin; every request is authenticated by its Stripe-Signature.',
  '/api/csp-report': 'Browsers post violation reports without credentials and often without Origin; it only logs, and is rate-limited.',
};

export type OriginVerdict = { ok: true } | { ok: false; reason: 'missing' | 'null' | 'malformed' | 'foreign' };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** GET, HEAD and OPTIONS change nothing; every other method is state-changing. */
export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** True for a route listed in ORIGIN_EXEMPT_ROUTES (exact path, trailing slash ignored). */
export function isOriginExempt(pathname: string): boolean {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return Object.hasOwn(ORIGIN_EXEMPT_ROUTES, path);
}

/** Hosts a same-origin request may name: the Host header, the trusted proxy's X-Forwarded-Host, and AUTH_URL's host. */
function ownHosts(headers: Headers, e: { trustProxyHops: number; authUrl: string | undefined }): Set<string> {
  const hosts = new Set<string>();
  const host = headers.get('host');
  if (host) hosts.add(host.toLowerCase());
  const forwarded = e.trustProxyHops > 0 ? headers.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  if (forwarded) hosts.add(forwarded.toLowerCase());
  if (e.authUrl) hosts.add(new URL(e.authUrl).host);
  return hosts;
}

/**
 * Judges the Origin of a state-changing request: it must be present, not `null` (sandboxed frames,
 * some redirects, file: pages) and name our own host. Safe methods always pass.
 */
export function checkOrigin(
  method: string,
  headers: Headers,
  e: { trustProxyHops: number; authUrl: string | undefined } = { trustProxyHops: env().trustProxyHops, authUrl: env().auth.url },
): OriginVerdict {
  if (!isStateChanging(method)) return { ok: true };
  const origin = headers.get('origin');
  if (origin === null || origin === '') return { ok: false, reason: 'missing' };
  if (origin === 'null') return { ok: false, reason: 'null' };
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  return ownHosts(headers, e).has(host) ? { ok: true } : { ok: false, reason: 'foreign' };
}

/** The error every refused cross-site request gets. */
export function crossSiteError(): AppError {
  return new AppError('forbidden', 'Cross-site request refused.');
}

/**
 * For mutating route handlers, inside `route()`: throws `forbidden` unless a state-changing request
 * carries our own Origin. The proxy checks the same, but it is not a security boundary, so handlers
 * check again. Exempt routes (ORIGIN_EXEMPT_ROUTES) do not call this.
 */
export function assertSameOrigin(request: Request): void {
  if (!checkOrigin(request.method, request.headers).ok) throw crossSiteError();
}
