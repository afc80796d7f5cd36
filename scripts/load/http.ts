// One virtual user's HTTP client on undici: its own cookies, its own client address (sent as
// X-Forwarded-For, which the app honours with TRUST_PROXY_HOPS=1 — the load generator plays the
// reverse proxy), a same-origin Origin on state-changing requests, and every request recorded.
import { Agent, request, type Dispatcher } from 'undici';
import type { Kind, Recorder } from './metrics';

export type Reply = { status: number; headers: Record<string, string | string[] | undefined>; text: string; ms: number };

export type CallOptions = {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Statuses that count as success (default: below 400). */
  expect?: number[];
  /** Not our API (the emulator standing in for Stripe): excluded from the API latency target. */
  external?: boolean;
};

/** One keep-alive pool for the whole run, sized for the virtual users. */
export function createAgent(connections: number): Agent {
  return new Agent({ connections, keepAliveTimeout: 30_000, headersTimeout: 60_000, bodyTimeout: 60_000 });
}

export class VirtualUser {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly base: string,
    readonly ip: string,
    readonly recorder: Recorder,
    readonly agent: Dispatcher,
  ) {}

  get origin(): string {
    return new URL(this.base).origin;
  }

  /** Sends one request and records it under `endpoint` (a path template such as `GET /api/payments/:id`). */
  async call(endpoint: string, url: string, options: CallOptions = {}): Promise<Reply> {
    const method = options.method ?? 'GET';
    const external = options.external ?? false;
    const headers: Record<string, string> = {
      ...(external ? {} : { 'x-forwarded-for': this.ip }),
      ...(method === 'POST' && !external ? { origin: this.origin } : {}),
      ...options.headers,
    };
    if (!external && this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const kind: Kind = external
      ? 'stripe'
      : endpoint.startsWith('action ')
        ? 'action'
        : new URL(url, this.base).pathname.startsWith('/api/')
          ? 'api'
          : 'page';
    const started = performance.now();
    try {
      const res = await request(new URL(url, this.base), { method, headers, body: options.body, dispatcher: this.agent });
      const text = await res.body.text();
      const ms = performance.now() - started;
      if (!external) this.keepCookies(res.headers['set-cookie']);
      const ok = options.expect ? options.expect.includes(res.statusCode) : res.statusCode < 400;
      this.recorder.record(endpoint, ms, res.statusCode, ok, kind);
      if (!ok) this.recorder.notes.push(`${endpoint} → ${res.statusCode}: ${text.slice(0, 200)}`);
      return { status: res.statusCode, headers: res.headers, text, ms };
    } catch (error) {
      const ms = performance.now() - started;
      this.recorder.record(endpoint, ms, 0, false, kind);
      this.recorder.notes.push(`${endpoint} → network error: ${error instanceof Error ? error.message : String(error)}`);
      return { status: 0, headers: {}, text: '', ms };
    }
  }

  private keepCookies(raw: string | string[] | undefined): void {
    for (const line of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /;\s*max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** JSON body of a reply, or null when it is not JSON. */
  static json<T>(reply: Reply): T | null {
    try {
      return JSON.parse(reply.text) as T;
    } catch {
      return null;
    }
  }
}

/** A form body with Stripe's bracket keys (card[number]=…), as Stripe.js sends it. */
export function formBody(
  params: Record<string, string | number | boolean | Record<string, string | number | Record<string, string>>>,
): string {
  const out = new URLSearchParams();
  const add = (key: string, value: unknown) => {
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    else out.append(key, String(value));
  };
  for (const [k, v] of Object.entries(params)) add(k, v);
  return out.toString();
}
