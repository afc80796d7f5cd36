import { describe, expect, it } from 'vitest';
import { assertSameOrigin, checkOrigin, isOriginExempt, isStateChanging } from './origin';

const direct = { trustProxyHops: 0, authUrl: undefined };
const headers = (h: Record<string, string>) => new Headers({ host: 'pay.example.com', ...h });

describe('checkOrigin', () => {
  it('passes safe methods whatever their Origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get'])
      expect(checkOrigin(method, headers({ origin: 'https://evil.example' }), direct)).toEqual({ ok: true });
    expect(isStateChanging('PATCH')).toBe(true);
  });

  it('accepts our own origin on every state-changing method', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      expect(checkOrigin(method, headers({ origin: 'https://pay.example.com' }), direct)).toEqual({ ok: true });
  });

  it('refuses missing, null, malformed and foreign origins with the reason', () => {
    expect(checkOrigin('POST', headers({}), direct)).toEqual({ ok: false, reason: 'missing' });
    expect(checkOrigin('POST', headers({ origin: '' }), direct)).toEqual({ ok: false, reason: 'missing' });
    expect(checkOrigin('POST', headers({ origin: 'null' }), direct)).toEqual({ ok: false, reason: 'null' });
    expect(checkOrigin('POST', headers({ origin: 'not a url' }), direct)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkOrigin('POST', headers({ origin: 'https://evil.example' }), direct)).toEqual({ ok: false, reason: 'foreign' });
    expect(checkOrigin('POST', headers({ origin: 'https://pay.example.com.evil.example' }), direct)).toEqual({
      ok: false,
      reason: 'foreign',
    });
    expect(checkOrigin('POST', headers({ origin: 'https://sub.pay.example.com' }), direct)).toEqual({ ok: false, reason: 'foreign' });
    expect(checkOrigin('POST', headers({ origin: 'https://pay.example.com:8443' }), direct)).toEqual({ ok: false, reason: 'foreign' });
  });

  it('trusts X-Forwarded-Host only behind a trusted proxy', () => {
    const behind = headers({ host: 'app:3000', 'x-forwarded-host': 'pay.example.com', origin: 'https://pay.example.com' });
    expect(checkOrigin('POST', behind, { trustProxyHops: 1, authUrl: undefined })).toEqual({ ok: true });
    expect(checkOrigin('POST', behind, direct)).toEqual({ ok: false, reason: 'foreign' });
  });

  it('accepts the AUTH_URL origin (the public address) even when Host is internal', () => {
    const internal = headers({ host: 'app:3000', origin: 'https://pay.example.com' });
    expect(checkOrigin('POST', internal, { trustProxyHops: 0, authUrl: 'https://pay.example.com' })).toEqual({ ok: true });
  });
});

describe('exemptions and the route-handler helper', () => {
  it('exempts only the listed routes, by exact path', () => {
    expect(isOriginExempt('/api/webhooks/stripe')).toBe(true);
    expect(isOriginExempt('/api/webhooks/stripe/')).toBe(true);
    expect(isOriginExempt('/api/webhooks/stripe/x')).toBe(false);
    expect(isOriginExempt('/api/payments')).toBe(false);
    expect(isOriginExempt('/constructor')).toBe(false);
  });

  it('assertSameOrigin throws forbidden for a cross-site POST and passes a same-origin one', () => {
    const post = (origin?: string) =>
      new Request('http://localhost:3000/api/payments', {
        method: 'POST',
        headers: { host: 'localhost:3000', ...(origin ? { origin } : {}) },
      });
    expect(() => assertSameOrigin(post('https://evil.example'))).toThrow(expect.objectContaining({ code: 'forbidden', status: 403 }));
    expect(() => assertSameOrigin(post())).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => assertSameOrigin(post('http://localhost:3000'))).not.toThrow();
  });
});
