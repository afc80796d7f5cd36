// The control plane under /_emulator/*: reset, deliveries, redelivery, settling, fault
// injection, webhook chaos and runtime settings. JSON in, JSON out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator, Settings } from '../core/context';
import { ApiError, validationError } from '../wire/errors';
import { isFormObject, type FormObject, type FormValue } from '../wire/form';
import { parseBody, readBody, sendJson } from '../wire/http';
import { updateChaos } from '../webhooks/chaos';
import { parseFault, type Faults } from './faults';

export interface ControlDeps {
  emu: Emulator;
  faults: Faults;
  reset: () => void;
  config: () => Record<string, unknown>;
  runBilling: () => void;
}

function num(v: FormValue | undefined, name: string, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < 0 || n > max)
    throw validationError(`${name} must be an integer between 0 and ${max}`, name);
  return n;
}

/** Applies a partial settings update (processingMs, dunning) from a control-plane body. */
export function updateSettings(current: Settings, body: FormValue): Settings {
  if (!isFormObject(body)) throw validationError('Expected a JSON object');
  for (const k of Object.keys(body)) if (k !== 'processingMs' && k !== 'dunning') throw validationError(`Unknown setting: ${k}`, k);
  const next: Settings = {
    processingMs: num(body.processingMs, 'processingMs', 600_000) ?? current.processingMs,
    dunning: { ...current.dunning },
  };
  const d = body.dunning;
  if (d !== undefined) {
    if (!isFormObject(d)) throw validationError('dunning must be an object', 'dunning');
    for (const k of Object.keys(d))
      if (!['retryDays', 'afterRetries', 'invoiceAfterRetries'].includes(k)) throw validationError(`Unknown dunning setting: ${k}`, k);
    if (d.retryDays !== undefined) {
      const days = Array.isArray(d.retryDays) ? d.retryDays : isFormObject(d.retryDays) ? Object.values(d.retryDays) : null;
      if (!days || days.length > 8) throw validationError('retryDays must be an array of at most 8 day counts', 'retryDays');
      next.dunning.retryDays = days.map((x, i) => num(x, `retryDays[${i}]`, 60) as number);
    }
    if (d.afterRetries !== undefined) {
      if (d.afterRetries !== 'cancel' && d.afterRetries !== 'unpaid' && d.afterRetries !== 'past_due')
        throw validationError('afterRetries must be cancel, unpaid or past_due', 'afterRetries');
      next.dunning.afterRetries = d.afterRetries;
    }
    if (d.invoiceAfterRetries !== undefined) {
      if (d.invoiceAfterRetries !== 'open' && d.invoiceAfterRetries !== 'uncollectible')
        throw validationError('invoiceAfterRetries must be open or uncollectible', 'invoiceAfterRetries');
      next.dunning.invoiceAfterRetries = d.invoiceAfterRetries;
    }
  }
  return next;
}

function str(v: FormValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

async function route(deps: ControlDeps, method: string, path: string, query: FormObject, body: FormObject): Promise<unknown> {
  const { emu, faults } = deps;
  const redeliver = /^\/_emulator\/events\/([^/]+)\/redeliver$/.exec(path);
  switch (`${method} ${redeliver ? '/_emulator/events/:id/redeliver' : path}`) {
    case 'GET /_emulator/health':
      return { ok: true, apiVersion: emu.apiVersion };
    case 'GET /_emulator/config':
      return deps.config();
    case 'POST /_emulator/config':
      emu.settings = updateSettings(emu.settings, body);
      return deps.config();
    case 'POST /_emulator/reset':
      deps.reset();
      return { ok: true };
    case 'GET /_emulator/deliveries':
      return { data: emu.deliverer.deliveries({ event: str(query.event), status: str(query.status), endpoint: str(query.endpoint) }) };
    case 'POST /_emulator/deliveries/settle': {
      const timeoutMs = num(body.timeoutMs, 'timeoutMs', 600_000) ?? 10_000;
      const settled = await emu.deliverer.settle(timeoutMs);
      return { settled, pending: emu.deliverer.pendingCount() };
    }
    case 'POST /_emulator/events/:id/redeliver': {
      const id = decodeURIComponent(redeliver?.[1] ?? '');
      const event = emu.state.events.get(id);
      if (!event) throw new ApiError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such event: '${id}'` });
      const endpoint = str(body.endpoint);
      const count = emu.deliverer.enqueue(event, endpoint ? (t) => t.id === endpoint || t.url === endpoint : undefined, true);
      return { deliveries: count };
    }
    case 'GET /_emulator/faults':
      return { data: faults.list() };
    case 'POST /_emulator/faults': {
      const fault = parseFault(body);
      faults.add(fault);
      return faults.list().find((f) => f.id === fault.id);
    }
    case 'DELETE /_emulator/faults':
      faults.clear();
      return { ok: true };
    case 'GET /_emulator/chaos':
      return emu.deliverer.chaos;
    case 'POST /_emulator/chaos':
      emu.deliverer.chaos = updateChaos(emu.deliverer.chaos, body);
      return emu.deliverer.chaos;
    case 'DELETE /_emulator/chaos':
      emu.deliverer.chaos = updateChaos(emu.deliverer.chaos, {
        duplicate: 'false',
        shuffleWindowMs: '0',
        delayMs: '0',
        staleTimestampSeconds: '0',
      });
      return emu.deliverer.chaos;
    case 'POST /_emulator/billing/run':
      deps.runBilling();
      return { ok: true };
    default:
      throw new ApiError(404, { type: 'invalid_request_error', message: `Unrecognized control-plane route (${method}: ${path}).` });
  }
}

export async function handleControl(
  deps: ControlDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: FormObject,
): Promise<void> {
  try {
    const text = await readBody(req);
    // Control bodies are JSON; a form body works too.
    const body = parseBody(text, req.headers['content-type'] ?? 'application/json');
    const result = await route(deps, req.method ?? 'GET', path, query, body);
    sendJson(res, 200, JSON.stringify(result ?? null), {});
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError(500, { type: 'api_error', message: (err as Error).message });
    if (!(err instanceof ApiError)) deps.emu.log(`emulator: control ${req.method} ${path} failed: ${(err as Error).stack ?? String(err)}`);
    sendJson(res, e.status, JSON.stringify({ error: e.body }), {});
  }
}
