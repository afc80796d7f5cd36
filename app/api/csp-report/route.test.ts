import { describe, expect, it } from 'vitest';
import { POST } from './route';

const report = JSON.stringify({
  'csp-report': { 'document-uri': 'http://localhost:3000/pay', 'blocked-uri': 'inline', 'effective-directive': 'script-src-elem' },
});
const address = () => `198.18.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 254) + 1}`;

function send(body: string, headers: Record<string, string> = {}) {
  return POST(
    new Request('http://localhost:3000/api/csp-report', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/csp-report', ...headers },
    }),
    {},
  );
}

describe('POST /api/csp-report', () => {
  it('accepts a violation report with 204 and no body', async () => {
    const response = await send(report, { 'x-forwarded-for': address() });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('answers bad input with the usual error body, never echoing it', async () => {
    const ip = { 'x-forwarded-for': address() };
    expect((await send('<script>', ip)).status).toBe(400);
    expect((await send(report, { ...ip, 'content-type': 'text/html' })).status).toBe(415);
    const tooBig = await send(JSON.stringify({ 'csp-report': { sample: 'x'.repeat(70_000) } }), ip);
    expect(tooBig.status).toBe(413);
    expect(await tooBig.text()).not.toContain('xxxx');
  });

  it('is rate-limited per IP with 429 and Retry-After', async () => {
    const ip = { 'x-forwarded-for': address() };
    for (let i = 0; i < 60; i++) expect((await send(report, ip)).status).toBe(204);
    const limited = await send(report, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });
});
