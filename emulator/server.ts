// startEmulator(): the Stripe emulator's HTTP server — API, control plane, 3-D Secure
// endpoint, hosted receipt/invoice pages, and the Stripe.js stand-in's routes.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import Stripe from 'stripe';
import { advanceBilling } from './billing/advance';
import { defaultSettings, type DunningSettings, type Emulator, type Settings } from './core/context';
import { requestId } from './core/ids';
import { findById } from './core/lookup';
import { load, Saver } from './core/persist';
import { clearState, createState, type State } from './core/state';
import { nowSeconds } from './core/time';
import { parseFault, Faults } from './control/faults';
import { handleControl, updateSettings } from './control/routes';
import { serveJs } from './js/routes';
import { serveHostedPage } from './pages/hosted';
import { apiRoutes } from './routes';
import { refundsOf } from './resources/charges';
import { customerIncludable } from './resources/customers';
import { invoiceIncludable } from './resources/invoices';
import { authenticate } from './payments/three-ds';
import { calmChaos, type Chaos } from './webhooks/chaos';
import { Deliverer, type Delivery, type Target } from './webhooks/deliver';
import { EventLog } from './webhooks/events';
import { newWebhookSecret } from './webhooks/sign';
import { ApiError, envelope } from './wire/errors';
import { fromJson, parseForm, type FormObject } from './wire/form';
import { answerPreflight, corsHeaders, parseBody, readBody, sendJson } from './wire/http';
import { IdempotencyStore } from './wire/idempotency';
import { handleApi, type ApiDeps } from './wire/pipeline';
import { Router } from './wire/router';

export interface EmulatorOptions {
  /** 0 picks a free port. Default 12111. */
  port?: number;
  host?: string;
  /** Every event is also delivered here (like `stripe listen --forward-to`). */
  webhookUrl?: string;
  /** Signs deliveries to `webhookUrl`; a whsec_ secret is generated when absent. */
  webhookSecret?: string;
  /** JSON file the state is saved to (atomically) and loaded from. */
  dataFile?: string;
  /** Milliseconds between delivery attempts; its length is the number of retries. */
  retrySchedule?: number[];
  deliveryTimeoutMs?: number;
  log?: (line: string) => void;
  /** Idempotency keys kept (Stripe keeps 24 h; the emulator also caps the count). */
  idempotencyCapacity?: number;
  /** How often billing for objects on no test clock catches up with the wall clock. */
  billingSweepMs?: number;
}

export interface FaultSpec {
  method?: string;
  path: string;
  count?: number;
  kind?: 'error' | 'hang' | 'drop' | 'delay';
  status?: number;
  shouldRetry?: boolean;
  ms?: number;
  phase?: 'before' | 'after';
}

export interface EmulatorHandle {
  url: string;
  port: number;
  webhookSecret: string;
  stop(): Promise<void>;
  reset(): void;
  deliveries(filter?: { event?: string; status?: string; endpoint?: string }): Delivery[];
  settle(timeoutMs?: number): Promise<boolean>;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  setChaos(chaos: Partial<Chaos>): Chaos;
  redeliver(eventId: string, endpoint?: string): number;
  updateSettings(settings: { processingMs?: number; dunning?: Partial<DunningSettings> }): Settings;
}

const JS_PREFIXES = ['/v3/', '/endive/', '/elements/', '/3ds/challenge/'];
const DEFAULT_RETRIES = [1_000, 5_000, 15_000];

function splitUrl(raw: string | undefined): { pathname: string; query: FormObject } {
  const url = raw ?? '/';
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  return { pathname: pathname.replace(/\/+$/, '') || '/', query: q === -1 ? parseForm('') : parseForm(url.slice(q + 1)) };
}

function initialState(dataFile: string | undefined, log: (line: string) => void): State {
  if (!dataFile) return createState();
  try {
    return load(dataFile);
  } catch (err) {
    log(`emulator: ignoring unreadable data file ${dataFile}: ${(err as Error).message}`);
    return createState();
  }
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const log = opts.log ?? (() => undefined);
  const host = opts.host ?? '127.0.0.1';
  const webhookSecret = opts.webhookSecret ?? newWebhookSecret();
  const state = initialState(opts.dataFile, log);
  const timers = new Set<NodeJS.Timeout>();
  const saver = opts.dataFile ? new Saver(opts.dataFile, () => state, log) : null;
  const configuredTarget: Target | null = opts.webhookUrl
    ? { id: 'emulator_webhook_url', url: opts.webhookUrl, secret: webhookSecret }
    : null;

  const targets = (event: Stripe.EventBase): Target[] => {
    const out: Target[] = [];
    for (const ep of state.webhookEndpoints.values()) {
      if (ep.status !== 'enabled') continue;
      if (!ep.enabled_events.includes('*') && !ep.enabled_events.includes(event.type)) continue;
      out.push({ id: ep.id, url: ep.url, secret: state.endpointSecrets.get(ep.id) ?? '' });
    }
    if (configuredTarget) out.push(configuredTarget);
    return out;
  };

  const deliverer = new Deliverer({
    retrySchedule: opts.retrySchedule ?? DEFAULT_RETRIES,
    timeoutMs: opts.deliveryTimeoutMs ?? 10_000,
    log,
    targets,
    onDelivered: (event) => {
      const stored = state.events.get(event.id);
      if (stored && stored.pending_webhooks > 0) stored.pending_webhooks -= 1;
    },
  });

  const emu: Emulator = {
    state,
    apiVersion: Stripe.API_VERSION,
    origin: '',
    settings: defaultSettings(),
    events: new EventLog(
      () => state,
      Stripe.API_VERSION,
      (e) => targets(e).length,
      (e) => deliverer.enqueue(e),
    ),
    deliverer,
    log,
    changed: () => saver?.schedule(),
    later: (ms, fn) => {
      const t = setTimeout(() => {
        timers.delete(t);
        try {
          fn();
        } catch (err) {
          log(`emulator: background task failed: ${(err as Error).stack ?? String(err)}`);
        }
      }, ms);
      timers.add(t);
    },
  };

  const hanging = new Set<Socket>();
  const faults = new Faults();
  const idempotency = new IdempotencyStore(opts.idempotencyCapacity ?? 50_000);
  const api: ApiDeps = {
    emu,
    router: new Router(apiRoutes()),
    idempotency,
    faults,
    hanging,
    expander: {
      resolve: (id) => findById(state, id),
      include: (owner, field) => {
        if (owner.object === 'invoice') return invoiceIncludable(emu, owner, field);
        if (owner.object === 'customer') return customerIncludable(emu, owner, field);
        if (owner.object === 'charge' && field === 'refunds' && typeof owner.id === 'string') return refundsOf(emu, owner.id);
        return undefined;
      },
    },
  };

  const runBilling = () => {
    try {
      if (advanceBilling(emu, null, nowSeconds()) > 0) emu.changed();
    } catch (err) {
      log(`emulator: billing sweep failed: ${(err as Error).stack ?? String(err)}`);
    }
  };

  const reset = () => {
    clearState(state);
    for (const t of timers) clearTimeout(t);
    timers.clear();
    deliverer.clear();
    faults.clear();
    idempotency.clear();
    emu.settings = defaultSettings();
    emu.changed();
  };

  const config = () => ({
    url: emu.origin,
    apiVersion: emu.apiVersion,
    webhookUrl: opts.webhookUrl ?? null,
    webhookSecret,
    retrySchedule: opts.retrySchedule ?? DEFAULT_RETRIES,
    deliveryTimeoutMs: opts.deliveryTimeoutMs ?? 10_000,
    dataFile: opts.dataFile ?? null,
    settings: emu.settings,
    chaos: deliverer.chaos,
    keys: { secret: 'sk_test_emulator', publishable: 'pk_test_emulator' },
  });

  const control = { emu, faults, reset, config, runBilling };

  async function threeDs(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cors = corsHeaders(req);
    const events: Stripe.EventBase[] = [];
    try {
      const body = parseBody(await readBody(req), req.headers['content-type']);
      const result = emu.events.capture({ id: null, idempotency_key: null }, events, () => authenticate(emu, body));
      emu.changed();
      const returnUrl = state.intents.get(result.intent)?.returnUrl ?? null;
      sendJson(res, 200, JSON.stringify({ status: result.status, return_url: returnUrl }), cors);
    } catch (err) {
      const e =
        err instanceof ApiError
          ? err
          : new ApiError(500, { type: 'api_error', message: 'An unknown error occurred in the Stripe emulator.' });
      sendJson(res, e.status, envelope(e, requestId()), cors);
    } finally {
      res.once('close', () => emu.events.release(events));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    let url: { pathname: string; query: FormObject };
    try {
      url = splitUrl(req.url);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(400, { type: 'invalid_request_error', message: 'Malformed request URL.' });
      sendJson(res, e.status, envelope(e, requestId()), corsHeaders(req));
      return;
    }
    const { pathname, query } = url;
    if (pathname.startsWith('/_emulator/')) return handleControl(control, req, res, pathname, query);
    if (JS_PREFIXES.some((p) => pathname.startsWith(p)) || pathname === '/v3') {
      if (await serveJs(req, res, { origin: emu.origin })) return;
    }
    if (pathname === '/3ds/authenticate' && req.method === 'POST') return threeDs(req, res);
    if (pathname.startsWith('/v1/')) return handleApi(api, req, res, pathname, query);
    if (req.method === 'GET' && serveHostedPage(emu, pathname, res)) return;
    if (pathname === '/' && req.method === 'GET') {
      sendJson(res, 200, JSON.stringify({ emulator: 'stripe', apiVersion: emu.apiVersion, docs: '/_emulator/config' }), {});
      return;
    }
    const e = new ApiError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${pathname}).` });
    sendJson(res, 404, envelope(e, requestId()), corsHeaders(req));
  }

  const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`emulator: request failed: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent)
        sendJson(
          res,
          500,
          JSON.stringify({ error: { type: 'api_error', message: 'An unknown error occurred in the Stripe emulator.' } }),
          {},
        );
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 12111, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 12111);
  const originHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  emu.origin = `http://${originHost}:${port}`;

  runBilling();
  const sweep = setInterval(runBilling, opts.billingSweepMs ?? 10_000);
  sweep.unref();

  return {
    url: emu.origin,
    port,
    webhookSecret,
    async stop() {
      clearInterval(sweep);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of hanging) s.destroy();
      deliverer.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await saver?.flush();
    },
    reset,
    deliveries: (filter) => deliverer.deliveries(filter),
    settle: (timeoutMs = 10_000) => deliverer.settle(timeoutMs),
    injectFault: (spec) => faults.add(parseFault(fromJson(spec))),
    clearFaults: () => faults.clear(),
    setChaos: (chaos) => {
      deliverer.chaos = { ...calmChaos(), ...deliverer.chaos, ...chaos };
      return deliverer.chaos;
    },
    redeliver: (eventId, endpoint) => {
      const event = state.events.get(eventId);
      if (!event) throw new Error(`No such event: ${eventId}`);
      return deliverer.enqueue(event, endpoint ? (t) => t.id === endpoint || t.url === endpoint : undefined, true);
    },
    updateSettings: (settings) => {
      emu.settings = updateSettings(emu.settings, fromJson(settings));
      return emu.settings;
    },
  };
}
