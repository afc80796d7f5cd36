// The emulator's js.stripe.com: Stripe.js stand-in, card-field frame and 3-D Secure test page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { script, style, type ScriptName, type StyleName } from './bundle';
import { FRAME_CSP, cardFrameHtml, challengeHtml } from './pages';

type Asset = { kind: 'script'; name: ScriptName } | { kind: 'style'; name: StyleName } | { kind: 'html'; render: () => string };

const STRIPE_JS: Asset = { kind: 'script', name: 'stripe' };

// `/v3/` is what @stripe/stripe-js@<=7 injects, `/<train>/stripe.js` what later versions inject.
const ASSETS: Record<string, Asset> = {
  '/v3': STRIPE_JS,
  '/v3/': STRIPE_JS,
  '/v3/stripe.js': STRIPE_JS,
  '/endive/stripe.js': STRIPE_JS,
  '/elements/card-frame.html': { kind: 'html', render: cardFrameHtml },
  '/elements/card-frame.js': { kind: 'script', name: 'card-frame' },
  '/elements/card-frame.css': { kind: 'style', name: 'card-frame' },
  '/elements/challenge.js': { kind: 'script', name: 'challenge' },
  '/elements/challenge.css': { kind: 'style', name: 'challenge' },
};

const CHALLENGE_PATH = /^\/3ds\/challenge\/((?:pi|seti)_[A-Za-z0-9]+)$/;

function assetFor(pathname: string): Asset | null {
  const asset = ASSETS[pathname];
  if (asset) return asset;
  const intentId = CHALLENGE_PATH.exec(pathname)?.[1];
  return intentId ? { kind: 'html', render: () => challengeHtml(intentId) } : null;
}

async function body(asset: Asset, origin: string): Promise<{ type: string; text: string }> {
  switch (asset.kind) {
    case 'html':
      return { type: 'text/html; charset=utf-8', text: asset.render() };
    case 'style':
      return { type: 'text/css; charset=utf-8', text: await style(asset.name) };
    case 'script': {
      const text = await script(asset.name);
      // stripe.js falls back to this origin where `document.currentScript` is unavailable.
      const wrapped = asset.name === 'stripe' ? `(function (SERVED_FROM_ORIGIN) {\n${text}})(${JSON.stringify(origin)});\n` : text;
      return { type: 'text/javascript; charset=utf-8', text: wrapped };
    }
  }
}

async function respond(req: IncomingMessage, res: ServerResponse, asset: Asset, origin: string): Promise<boolean> {
  let content: { type: string; text: string };
  try {
    content = await body(asset, origin);
  } catch (error) {
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`Stripe.js stand-in failed to build: ${error instanceof Error ? error.message : String(error)}\n`);
    return true;
  }
  const headers: Record<string, string> = {
    'Content-Type': content.type,
    'Content-Length': String(Buffer.byteLength(content.text)),
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Access-Control-Allow-Origin': '*',
  };
  if (asset.kind === 'html') {
    headers['Content-Security-Policy'] = FRAME_CSP;
    headers['Referrer-Policy'] = 'no-referrer';
  }
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : content.text);
  return true;
}

/** Answers the stand-in's GET/HEAD routes; returns false for anything else so the server can 404 it. */
export function serveJs(req: IncomingMessage, res: ServerResponse, ctx: { origin: string }): boolean | Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const asset = assetFor(new URL(req.url ?? '/', 'http://emulator.invalid').pathname);
  return asset ? respond(req, res, asset, ctx.origin) : false;
}
