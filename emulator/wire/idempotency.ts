// Stripe's idempotency: the first result for a key is kept 24 h and replayed; a different
// request under the same key is an idempotency_error; a key still executing answers 409.
import { ApiError } from './errors';
import type { FormObject, FormValue } from './form';

export interface StoredResponse {
  status: number;
  /** Bytes rather than a string: kept off the JS heap for up to 24 h (see RawJson). */
  body: Buffer;
  requestId: string;
}

interface Entry {
  endpoint: string;
  fingerprint: string;
  createdAt: number;
  response: StoredResponse | null;
}

const TTL_MS = 24 * 60 * 60 * 1000;

function canonical(v: FormValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(v[k] as FormValue)}`)
    .join(',')}}`;
}

export function fingerprint(params: FormObject): string {
  return canonical(params);
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity: number) {}

  /** Returns a stored response to replay, throws for conflicts, or reserves the key (returns null). */
  begin(key: string, endpoint: string, print: string): StoredResponse | null {
    if (key.length > 255) {
      throw new ApiError(
        400,
        { type: 'invalid_request_error', message: 'Idempotency-Key is too long; it must be at most 255 characters.' },
        { validation: true },
      );
    }
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && now - entry.createdAt < TTL_MS) {
      if (entry.endpoint !== endpoint) {
        throw new ApiError(
          400,
          {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
          },
          { validation: true },
        );
      }
      if (entry.fingerprint !== print) {
        throw new ApiError(
          400,
          {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          },
          { validation: true },
        );
      }
      if (!entry.response) {
        throw new ApiError(
          409,
          {
            type: 'idempotency_error',
            code: 'idempotency_key_in_use',
            message: `There is currently another in-progress request using this idempotent key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
          },
          { validation: true },
        );
      }
      return entry.response;
    }
    if (entry) this.entries.delete(key);
    this.entries.set(key, { endpoint, fingerprint: print, createdAt: now, response: null });
    this.evict();
    return null;
  }

  finish(key: string, response: StoredResponse): void {
    const entry = this.entries.get(key);
    if (entry) entry.response = response;
  }

  /** Releases a reserved key whose request never started executing. */
  abandon(key: string): void {
    const entry = this.entries.get(key);
    if (entry && !entry.response) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private evict(): void {
    if (this.entries.size <= this.capacity) return;
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.capacity) break;
      if (entry.response) this.entries.delete(key);
    }
  }
}
