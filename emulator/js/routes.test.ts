import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveJs } from './routes';

const ORIGIN = 'http://127.0.0.1:12111';
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    void Promise.resolve(serveJs(req, res, { origin: ORIGIN })).then((handled) => {
      if (handled) return;
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('serveJs', () => {
  it('serves stripe.js at the paths @stripe/stripe-js loads, defining the endive release train', async () => {
    for (const path of ['/v3/', '/v3/stripe.js', '/endive/stripe.js']) {
      const res = await fetch(base + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/javascript');
      const text = await res.text();
      expect(text).toContain('"endive"');
      expect(text).toContain(JSON.stringify(ORIGIN));
    }
  });

  it('serves the card frame and its assets with a restrictive CSP', async () => {
    const html = await fetch(`${base}/elements/card-frame.html`);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await html.text()).toContain('<title>Secure payment input frame</title>');
    expect((await fetch(`${base}/elements/card-frame.js`)).status).toBe(200);
    expect((await fetch(`${base}/elements/card-frame.css`)).headers.get('content-type')).toContain('text/css');
  });

  it('serves the 3-D Secure test page for payment and setup intents only', async () => {
    const page = await fetch(`${base}/3ds/challenge/pi_123abc?client_secret=pi_123abc_secret_x`);
    const text = await page.text();
    expect(text).toContain('Complete authentication');
    expect(text).toContain('Fail authentication');
    expect((await fetch(`${base}/3ds/challenge/seti_9`)).status).toBe(200);
    expect((await fetch(`${base}/3ds/challenge/<script>`)).status).toBe(404);
  });

  it('leaves other paths and methods to the server', async () => {
    expect((await fetch(`${base}/v3/other.js`)).status).toBe(404);
    expect((await fetch(`${base}/v3/stripe.js`, { method: 'POST' })).status).toBe(404);
    const head = await fetch(`${base}/v3/stripe.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
