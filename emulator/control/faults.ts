// Fault injection: the next N API requests matching a method and path pattern misbehave.
import { newId } from '../core/ids';
import { validationError } from '../wire/errors';
import { isFormObject, type FormValue } from '../wire/form';

export type FaultKind = 'error' | 'hang' | 'drop' | 'delay';

export interface Fault {
  id: string;
  method: string;
  /** `*` matches one path segment, `**` any rest of the path. */
  path: string;
  remaining: number;
  kind: FaultKind;
  /** HTTP status for `error` faults (500, 429, 503, …). */
  status: number;
  /** Value of the `Stripe-Should-Retry` header; null sends none. */
  shouldRetry: boolean | null;
  /** `hang`: how long the connection stays open before it is cut; `delay`: extra latency. */
  ms: number;
  /** `before`: the request never runs; `after`: it runs (and is stored) but the response is lost. */
  phase: 'before' | 'after';
}

/** `*` matches one path segment, `**` the rest of the path. */
export function pathMatches(pattern: string, path: string): boolean {
  const want = pattern.split('/');
  const got = path.split('/');
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '**') return true;
    if (i >= got.length) return false;
    if (want[i] !== '*' && want[i] !== got[i]) return false;
    if (want[i] === '*' && got[i] === '') return false;
  }
  return want.length === got.length;
}

function pick(body: Record<string, FormValue>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw validationError(`${key} must be a scalar`, key);
  return v;
}

function intIn(v: string | undefined, key: string, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw validationError(`${key} must be an integer between ${min} and ${max}`, key);
  return n;
}

export function parseFault(body: FormValue): Fault {
  if (!isFormObject(body)) throw validationError('Expected a JSON object');
  const allowed = ['method', 'path', 'count', 'kind', 'status', 'shouldRetry', 'ms', 'phase'];
  for (const k of Object.keys(body)) if (!allowed.includes(k)) throw validationError(`Unknown fault field: ${k}`, k);
  const path = pick(body, 'path');
  if (!path || !path.startsWith('/')) throw validationError('path is required and must start with /', 'path');
  const kind = (pick(body, 'kind') ?? 'error') as FaultKind;
  if (!['error', 'hang', 'drop', 'delay'].includes(kind)) throw validationError('kind must be error, hang, drop or delay', 'kind');
  const phase = pick(body, 'phase') ?? 'before';
  if (phase !== 'before' && phase !== 'after') throw validationError('phase must be before or after', 'phase');
  const status = intIn(pick(body, 'status'), 'status', 400, 599, 500);
  const retry = pick(body, 'shouldRetry');
  if (retry !== undefined && retry !== 'true' && retry !== 'false') throw validationError('shouldRetry must be a boolean', 'shouldRetry');
  const method = (pick(body, 'method') ?? '*').toUpperCase();
  return {
    id: newId('fault', 12),
    method,
    path,
    remaining: intIn(pick(body, 'count'), 'count', 1, 1_000_000, 1),
    kind,
    status,
    shouldRetry: retry === undefined ? (status === 429 ? true : null) : retry === 'true',
    ms: intIn(pick(body, 'ms'), 'ms', 0, 600_000, kind === 'hang' ? 120_000 : 1_000),
    phase,
  };
}

export class Faults {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  /** Consumes one use of the first fault matching this request. */
  take(method: string, path: string): Fault | null {
    for (const f of this.faults) {
      if ((f.method === '*' || f.method === method) && pathMatches(f.path, path)) {
        f.remaining--;
        if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
        return f;
      }
    }
    return null;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}

export function faultBody(status: number): { type: string; message: string; code?: string } {
  if (status === 429) {
    return {
      type: 'invalid_request_error',
      code: 'rate_limit',
      message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
    };
  }
  if (status >= 500)
    return { type: 'api_error', message: 'An unknown error occurred while processing your request. (injected by the emulator)' };
  return { type: 'invalid_request_error', message: `Injected failure with status ${status}.` };
}
