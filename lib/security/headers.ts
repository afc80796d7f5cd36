import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Env, StripeFallback } from '@/lib/env';

/** What the header policy depends on: the runtime mode and where Stripe (or the emulator, and the fallback account's emulator) lives. */
export type HeaderEnv = Pick<Env, 'nodeEnv'> & {
  stripe: Pick<Env['stripe'], 'mode' | 'emulatorUrl'> & { fallback?: Pick<StripeFallback, 'emulatorUrl'> };
};

/** Request header carrying this response's nonce to server components (read it with cspNonce()). */
export const NONCE_HEADER = 'x-nonce';

/** Where violation reports go; `Reporting-Endpoints` names the same URL for browsers that use `report-to`. */
export const CSP_REPORT_PATH = '/api/csp-report';
const REPORT_GROUP = 'csp-endpoint';

/** A fresh unguessable nonce for one response (128 bits, base64). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The origins Stripe.js needs, or the emulator's origin (and the fallback account's emulator) standing in for all of them. */
export function stripeOrigins(e: HeaderEnv): { script: string[]; frame: string[]; connect: string[]; payment: string[] } {
  if (e.stripe.mode === 'emulator') {
    // A fallback account in emulator mode is a second emulator, with its own stand-in and frames.
    const origins = [
      ...new Set([e.stripe.emulatorUrl, e.stripe.fallback?.emulatorUrl].filter((u): u is string => !!u).map((u) => new URL(u).origin)),
    ];
    return { script: origins, frame: origins, connect: origins, payment: origins };
  }
  return {
    script: ['https://js.stripe.com'],
    frame: ['https://js.stripe.com', 'https://hooks.stripe.com'],
    connect: ['https://api.stripe.com'],
    payment: ['https://js.stripe.com'],
  };
}

/**
 * The Content-Security-Policy for one response. Scripts need `'self'` plus the nonce (Next.js puts it
 * on its inline RSC scripts) plus Stripe's host. No `'strict-dynamic'`: it would switch off the host
 * allowlist and let any trusted script load scripts from anywhere, which defeats the payment-page
 * script inventory (PCI DSS 6.4.3).
 */
export function contentSecurityPolicy(nonce: string, e: HeaderEnv): string {
  const dev = e.nodeEnv === 'development';
  const stripe = stripeOrigins(e);
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    // React's dev tooling evaluates code (server error stacks, refresh); production never needs eval.
    ['script-src', "'self'", `'nonce-${nonce}'`, ...stripe.script, ...(dev ? ["'unsafe-eval'"] : [])],
    // Next.js dev injects unnonced <style> tags for hot reload; production styles are files or nonced.
    ['style-src', "'self'", ...(dev ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    // style="…" attributes (React style props, charts) cannot run script; <style> elements stay nonced.
    ['style-src-attr', "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...stripe.connect],
    ['frame-src', ...stripe.frame],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
    ['report-uri', CSP_REPORT_PATH],
    ['report-to', REPORT_GROUP],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/** Browser features the app never uses are switched off; payment is left to us and Stripe's frames. */
export function permissionsPolicy(e: HeaderEnv): string {
  const off = [
    'accelerometer',
    'autoplay',
    'camera',
    'display-capture',
    'encrypted-media',
    'geolocation',
    'gyroscope',
    'hid',
    'idle-detection',
    'magnetometer',
    'microphone',
    'midi',
    'picture-in-picture',
    'screen-wake-lock',
    'serial',
    'usb',
    'xr-spatial-tracking',
  ].map((feature) => `${feature}=()`);
  const payment = `payment=(self ${stripeOrigins(e)
    .payment.map((o) => `"${o}"`)
    .join(' ')})`;
  return [...off, 'fullscreen=(self)', payment].join(', ');
}

/**
 * Every security header of one response. `noStore` marks API and signed-in responses, which no
 * shared or browser cache may keep.
 */
export function securityHeaders(
  options: { nonce: string; noStore: boolean },
  e: HeaderEnv,
): { 'Content-Security-Policy': string } & Record<string, string> {
  const headers: { 'Content-Security-Policy': string } & Record<string, string> = {
    'Content-Security-Policy': contentSecurityPolicy(options.nonce, e),
    'Reporting-Endpoints': `${REPORT_GROUP}="${CSP_REPORT_PATH}"`,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': permissionsPolicy(e),
    // Keeps other windows from scripting ours while still letting Stripe open 3-D Secure popups.
    'Cross-Origin-Opener-Policy': 'same-origin-allow-popups',
  };
  // Browsers honour HSTS only over HTTPS, and development must stay reachable over plain HTTP.
  if (e.nodeEnv === 'production') headers['Strict-Transport-Security'] = 'max-age=63072000; includeSubDomains';
  if (options.noStore) headers['Cache-Control'] = 'no-store';
  return headers;
}
