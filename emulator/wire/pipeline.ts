// One /v1 request end to end: route, authenticate, fault injection, idempotency, handler,
// expand[], Stripe's headers, then webhook events once the response is out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { requestId as newRequestId } from '../core/ids';
import { faultBody, type Fault, type Faults } from '../control/faults';
import { ApiError, authError, envelope, unrecognizedUrl, validationError } from './errors';
import { applyExpand, type Expander } from './expand';
import type { FormObject, FormValue } from './form';
import { corsHeaders, parseBody, readBody, sendJson } from './http';
import { fingerprint, type IdempotencyStore, type StoredResponse } from './idempotency';
import type { Router } from './router';
import { arr, str } from './schema';

export interface ApiDeps {
  emu: Emulator;
  router: Router;
  idempotency: IdempotencyStore;
  faults: Faults;
  expander: Expander;
  /** Sockets held open by `hang` faults, cut on stop. */
  hanging: Set<Socket>;
}

/** `2026-10-28` or `2026-10-28.endive`. */
function validVersion(v: string): boolean {
  const [date, train, ...rest] = v.split('.');
  return rest.length === 0 && /^\d{4}-\d{2}-\d{2}$/.test(date ?? '') && (train === undefined || /^[a-z]+$/.test(train));
}
/** Stripe.js sends these with every browser call. */
const BROWSER_ONLY = ['key', '_stripe_version', '_stripe_account', '_stripe_version_beta'];

type KeyKind = 'secret' | 'publishable';

function mask(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(Math.min(key.length - 12, 24))}${key.slice(-4)}` : '****';
}

function keyFrom(req: IncomingMessage, params: FormObject): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  if (header?.startsWith('Basic ')) return Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0] ?? null;
  const param = params.key;
  return typeof param === 'string' ? param : null;
}

function classify(key: string | null): KeyKind {
  if (!key) {
    throw authError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (key.startsWith('sk_test_') || key.startsWith('rk_test_')) return 'secret';
  if (key.startsWith('pk_test_')) return 'publishable';
  if (/^(sk|pk|rk)_live_/.test(key))
    throw authError(`Invalid API Key provided: ${mask(key)}. The Stripe emulator only accepts test mode keys.`);
  throw authError(`Invalid API Key provided: ${mask(key)}`);
}

function expandPaths(params: FormObject): string[] {
  const raw = params.expand;
  delete params.expand;
  if (raw === undefined) return [];
  return arr(str({ max: 300 }), { max: 50 }).parse(raw as FormValue, 'expand');
}

function writeFault(deps: ApiDeps, res: ServerResponse, req: IncomingMessage, fault: Fault, requestId: string): void {
  if (fault.kind === 'drop') {
    req.socket.destroy();
    return;
  }
  if (fault.kind === 'hang') {
    const socket = req.socket;
    deps.hanging.add(socket);
    const timer = setTimeout(() => socket.destroy(), fault.ms);
    socket.once('close', () => {
      clearTimeout(timer);
      deps.hanging.delete(socket);
    });
    return;
  }
  const headers: Record<string, string> = { ...corsHeaders(req), 'Request-Id': requestId, 'Stripe-Version': deps.emu.apiVersion };
  if (fault.shouldRetry !== null) headers['Stripe-Should-Retry'] = String(fault.shouldRetry);
  sendJson(res, fault.status, JSON.stringify({ error: faultBody(fault.status) }), headers);
}

function respond(res: ServerResponse, req: IncomingMessage, stored: StoredResponse, headers: Record<string, string>): void {
  sendJson(res, stored.status, stored.body, { ...corsHeaders(req), ...headers });
}

type Match = NonNullable<ReturnType<Router['match']>>;

function execute(
  deps: ApiDeps,
  match: Match,
  call: { method: string; params: FormObject; publishable: boolean; requestId: string; key: string | null },
  events: Stripe.EventBase[],
): StoredResponse {
  const { emu } = deps;
  const expand = expandPaths(call.params);
  try {
    const value = emu.events.capture({ id: call.requestId, idempotency_key: call.key }, events, () =>
      match.route.handler({ emu, params: call.params, path: match.path, publishable: call.publishable }),
    );
    return { status: 200, body: Buffer.from(JSON.stringify(applyExpand(value, expand, deps.expander))), requestId: call.requestId };
  } finally {
    if (call.method !== 'GET') emu.changed();
  }
}

export async function handleApi(
  deps: ApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  query: FormObject,
): Promise<void> {
  const { emu } = deps;
  const method = req.method ?? 'GET';
  const requestId = newRequestId();
  const idemKey = method === 'POST' ? ((req.headers['idempotency-key'] as string | undefined) ?? null) : null;
  const headers: Record<string, string> = { 'Request-Id': requestId, 'Stripe-Version': emu.apiVersion };
  if (idemKey) headers['Idempotency-Key'] = idemKey;
  const events: Stripe.EventBase[] = [];
  let reserved = false;
  let started = false;
  try {
    const body = await readBody(req);
    const route = deps.router.match(method, pathname);
    if (!route) throw unrecognizedUrl(method, pathname);
    const params = { ...query, ...parseBody(body, req.headers['content-type']) } as FormObject;
    const kind = classify(keyFrom(req, params));
    if (kind === 'publishable' && !route.route.publishable) {
      throw authError(
        'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
      );
    }
    if (kind === 'publishable') for (const k of BROWSER_ONLY) delete params[k];
    const version = req.headers['stripe-version'];
    if (typeof version === 'string' && !validVersion(version))
      throw validationError(`Invalid Stripe API version: ${version}`, 'Stripe-Version');
    const fault = deps.faults.take(method, pathname);
    if (fault && fault.phase === 'before' && fault.kind !== 'delay') {
      writeFault(deps, res, req, fault, requestId);
      return;
    }
    if (idemKey) {
      const replay = deps.idempotency.begin(idemKey, `${method} ${pathname}`, fingerprint(params));
      if (replay) {
        respond(res, req, replay, { ...headers, 'Idempotent-Replayed': 'true', 'Original-Request': replay.requestId });
        return;
      }
      reserved = true;
    }
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    started = true;
    let result: StoredResponse;
    try {
      result = execute(deps, route, { method, params, publishable: kind === 'publishable', requestId, key: idemKey }, events);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      result = { status: err.status, body: Buffer.from(envelope(err, requestId)), requestId };
      Object.assign(headers, err.headers);
      if (err.validation) started = false;
    }
    if (reserved && started) deps.idempotency.finish(idemKey as string, result);
    else if (reserved) deps.idempotency.abandon(idemKey as string);
    reserved = false;
    if (fault && fault.phase === 'after') writeFault(deps, res, req, fault, requestId);
    else respond(res, req, result, headers);
  } catch (err) {
    if (reserved) deps.idempotency.abandon(idemKey as string);
    const apiErr =
      err instanceof ApiError
        ? err
        : new ApiError(500, { type: 'api_error', message: 'An unknown error occurred in the Stripe emulator.' });
    if (!(err instanceof ApiError)) emu.log(`emulator: ${method} ${pathname} failed: ${(err as Error).stack ?? String(err)}`);
    sendJson(res, apiErr.status, envelope(apiErr, requestId), { ...corsHeaders(req), ...headers, ...apiErr.headers });
  } finally {
    if (events.length > 0) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        emu.events.release(events);
      };
      res.once('finish', release);
      res.once('close', release);
      if (res.writableFinished || res.destroyed) release();
    }
  }
}
