import { getScriptNonceFromHeader } from 'next/dist/server/app-render/get-script-nonce-from-header';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce, permissionsPolicy, securityHeaders, type HeaderEnv } from './headers';

const STRIPE: HeaderEnv = { nodeEnv: 'production', stripe: { mode: 'stripe', emulatorUrl: 'http://127.0.0.1:12111' } };
const EMULATOR: HeaderEnv = { nodeEnv: 'production', stripe: { mode: 'emulator', emulatorUrl: 'http://127.0.0.1:12112' } };
const DEV: HeaderEnv = { nodeEnv: 'development', stripe: { mode: 'emulator', emulatorUrl: 'http://127.0.0.1:12111' } };

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

describe('nonces', () => {
  it('are 128-bit, base64 and fresh every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, 'base64')).toHaveLength(16);
  });

  it('are found by Next.js in our policy, so its scripts carry them', () => {
    const nonce = createNonce();
    expect(getScriptNonceFromHeader(contentSecurityPolicy(nonce, STRIPE))).toBe(nonce);
    expect(getScriptNonceFromHeader(contentSecurityPolicy(nonce, DEV))).toBe(nonce);
  });
});

describe('content security policy', () => {
  it('allows scripts from self, the nonce and js.stripe.com only, with real Stripe in production', () => {
    const d = directives(contentSecurityPolicy('abc', STRIPE));
    expect(d.get('script-src')).toEqual(["'self'", "'nonce-abc'", 'https://js.stripe.com']);
    expect(d.get('frame-src')).toEqual(['https://js.stripe.com', 'https://hooks.stripe.com']);
    expect(d.get('connect-src')).toEqual(["'self'", 'https://api.stripe.com']);
    expect(d.get('style-src')).toEqual(["'self'", "'nonce-abc'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'self'"]);
    expect(d.get('report-uri')).toEqual(['/api/csp-report']);
  });

  it('never allows inline script, eval or strict-dynamic in production', () => {
    for (const e of [STRIPE, EMULATOR]) {
      const scripts = directives(contentSecurityPolicy('abc', e)).get('script-src')!;
      expect(scripts).not.toContain("'unsafe-inline'");
      expect(scripts).not.toContain("'unsafe-eval'");
      expect(scripts).not.toContain("'strict-dynamic'");
    }
  });

  it('puts the emulator origin in place of every Stripe origin in emulator mode', () => {
    const csp = contentSecurityPolicy('abc', EMULATOR);
    const d = directives(csp);
    expect(d.get('script-src')).toEqual(["'self'", "'nonce-abc'", 'http://127.0.0.1:12112']);
    expect(d.get('frame-src')).toEqual(['http://127.0.0.1:12112']);
    expect(d.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:12112']);
    expect(csp).not.toContain('stripe.com');
  });

  it('adds the fallback account’s emulator when one is configured in emulator mode', () => {
    const d = directives(
      contentSecurityPolicy('abc', { ...EMULATOR, stripe: { ...EMULATOR.stripe, fallback: { emulatorUrl: 'http://127.0.0.1:12113' } } }),
    );
    expect(d.get('script-src')).toEqual(["'self'", "'nonce-abc'", 'http://127.0.0.1:12112', 'http://127.0.0.1:12113']);
    expect(d.get('frame-src')).toEqual(['http://127.0.0.1:12112', 'http://127.0.0.1:12113']);
    expect(
      directives(
        contentSecurityPolicy('abc', { ...STRIPE, stripe: { ...STRIPE.stripe, fallback: { emulatorUrl: 'http://127.0.0.1:12113' } } }),
      ).get('frame-src'),
    ).toEqual(['https://js.stripe.com', 'https://hooks.stripe.com']);
  });

  it('adds unsafe-eval (React dev tooling) and unnonced styles only in development', () => {
    const d = directives(contentSecurityPolicy('abc', DEV));
    expect(d.get('script-src')).toContain("'unsafe-eval'");
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });
});

describe('security headers', () => {
  it('sets the fixed headers, HSTS in production, and no-store when asked', () => {
    const h = securityHeaders({ nonce: 'abc', noStore: true }, STRIPE);
    expect(h).toMatchObject({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
      'Cache-Control': 'no-store',
    });
    expect(h['Content-Security-Policy']).toContain("'nonce-abc'");
    expect(h['Reporting-Endpoints']).toBe('csp-endpoint="/api/csp-report"');
  });

  it('leaves out HSTS in development and Cache-Control on public responses', () => {
    const h = securityHeaders({ nonce: 'abc', noStore: false }, DEV);
    expect(h).not.toHaveProperty('Strict-Transport-Security');
    expect(h).not.toHaveProperty('Cache-Control');
  });

  it('allows the payment feature to us and Stripe (or the emulator) only', () => {
    expect(permissionsPolicy(STRIPE)).toContain('payment=(self "https://js.stripe.com")');
    expect(permissionsPolicy(EMULATOR)).toContain('payment=(self "http://127.0.0.1:12112")');
    for (const feature of ['camera', 'microphone', 'geolocation', 'usb']) expect(permissionsPolicy(STRIPE)).toContain(`${feature}=()`);
  });
});
