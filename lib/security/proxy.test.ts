import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { proxy } from '@/proxy';

const APP = 'http://localhost:3000';

function call(path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return proxy(new NextRequest(new URL(path, APP), { method: init.method ?? 'GET', headers: { host: 'localhost:3000', ...init.headers } }));
}

/** What the proxy passes on to the page or route as request headers. */
function forwarded(response: Response): Map<string, string> {
  const names = (response.headers.get('x-middleware-override-headers') ?? '').split(',').filter(Boolean);
  return new Map(names.map((n) => [n, response.headers.get(`x-middleware-request-${n}`) ?? '']));
}

describe('proxy: headers', () => {
  it('puts a fresh nonce in the CSP of the response and of the request Next.js renders', () => {
    const a = call('/');
    const b = call('/');
    const nonce = forwarded(a).get('x-nonce');
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(a.headers.get('content-security-policy')).toContain(`'nonce-${nonce}'`);
    expect(forwarded(a).get('content-security-policy')).toBe(a.headers.get('content-security-policy'));
    expect(forwarded(b).get('x-nonce')).not.toBe(nonce);
  });

  it('sets the security headers on pages and API routes, and no-store on API and signed-in responses', () => {
    const page = call('/pricing');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(page.headers.get('permissions-policy')).toContain('payment=(self');
    expect(page.headers.get('cache-control')).toBeNull();
    expect(call('/api/health').headers.get('cache-control')).toBe('no-store');
    expect(call('/account', { headers: { cookie: 'authjs.session-token=abc' } }).headers.get('cache-control')).toBe('no-store');
    expect(call('/account', { headers: { cookie: '__Secure-authjs.session-token.0=abc' } }).headers.get('cache-control')).toBe('no-store');
  });

  it('keeps a well-formed request id and replaces a bad one', () => {
    expect(call('/', { headers: { 'x-request-id': 'abcdef12-3456' } }).headers.get('x-request-id')).toBe('abcdef12-3456');
    expect(call('/', { headers: { 'x-request-id': 'bad id <script>' } }).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('drops client-sent forwarding headers when no proxy is trusted, so Next.js refills them from the socket', () => {
    const response = call('/', { headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-host': 'evil.example' } });
    const headers = forwarded(response);
    expect(headers.has('x-forwarded-for')).toBe(false);
    expect(headers.has('x-forwarded-host')).toBe(false);
    expect(headers.get('host')).toBe('localhost:3000');
  });
});

describe('proxy: origin checks on state-changing requests', () => {
  const action = { 'next-action': 'abc123', 'content-type': 'text/plain;charset=UTF-8' };

  it('lets a same-origin server action through', () => {
    const response = call('/sign-in', { method: 'POST', headers: { ...action, origin: APP } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-middleware-next')).toBe('1');
  });

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null', { origin: 'null' }],
    ['no Origin', {}],
    ['a look-alike host', { origin: 'http://localhost:3000.evil.example' }],
  ])('refuses a server action with %s', async (_name, extra: Record<string, string>) => {
    const response = call('/sign-in', { method: 'POST', headers: { ...action, ...extra } });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-middleware-next')).toBeNull();
    expect(await response.json()).toEqual({ error: { code: 'forbidden', message: 'Cross-site request refused.' } });
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('refuses foreign and missing origins on mutating API routes too', () => {
    expect(call('/api/payments', { method: 'POST', headers: { origin: 'https://evil.example' } }).status).toBe(403);
    expect(call('/api/admin/users/1', { method: 'DELETE' }).status).toBe(403);
    expect(call('/api/auth/callback/credentials', { method: 'POST' }).status).toBe(403);
  });

  it('lets GET and HEAD through without an Origin', () => {
    expect(call('/api/admin/users').status).toBe(200);
    expect(call('/', { method: 'HEAD' }).status).toBe(200);
  });

  it('exempts exactly the signature-verified webhook and the CSP report endpoint', () => {
    expect(call('/api/webhooks/stripe', { method: 'POST' }).headers.get('x-middleware-next')).toBe('1');
    expect(call('/api/csp-report', { method: 'POST' }).headers.get('x-middleware-next')).toBe('1');
    expect(call('/api/webhooks/stripe/other', { method: 'POST' }).status).toBe(403);
    expect(call('/api/webhooks', { method: 'POST' }).status).toBe(403);
  });
});

describe('proxy: server action body limit', () => {
  const action = { 'next-action': 'abc123', 'content-type': 'text/plain;charset=UTF-8', origin: APP };

  it('answers 413 to a server action declaring a body past 64 KiB, before Next.js answers it with a 500', async () => {
    const refused = call('/pay', { method: 'POST', headers: { ...action, 'content-length': String(64 * 1024 + 1) } });
    expect(refused.status).toBe(413);
    expect(await refused.json()).toEqual({ error: { code: 'payload_too_large', message: 'The request body is too large.' } });
    expect(call('/pay', { method: 'POST', headers: { ...action, 'content-length': String(64 * 1024) } }).status).toBe(200);
    expect(
      call('/api/payments/create-intent', { method: 'POST', headers: { origin: APP, 'content-length': String(200_000) } }).status,
    ).toBe(200);
  });
});
