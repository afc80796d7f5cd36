// Asynchronous, signed webhook delivery with retries, chaos modes and a delivery log.
import http from 'node:http';
import https from 'node:https';
import type Stripe from 'stripe';
import { newId } from '../core/ids';
import { calmChaos, shuffle, type Chaos } from './chaos';
import { signatureHeader } from './sign';

export interface Target {
  /** `we_…` for registered endpoints, `emulator_webhook_url` for the configured URL. */
  id: string;
  url: string;
  secret: string;
}

export interface Attempt {
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface Delivery {
  id: string;
  event: string;
  type: string;
  endpoint: string;
  url: string;
  duplicate: boolean;
  redelivery: boolean;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: Attempt[];
  nextAttemptAt: string | null;
}

interface Job {
  delivery: Delivery;
  event: Stripe.EventBase;
  target: Target;
}

export interface DelivererOptions {
  retrySchedule: number[];
  timeoutMs: number;
  concurrency?: number;
  log: (line: string) => void;
  targets: (event: Stripe.EventBase) => Target[];
  /** Called once per event and target when a delivery first succeeds. */
  onDelivered: (event: Stripe.EventBase, target: Target) => void;
}

const LOG_LIMIT = 20_000;

export class Deliverer {
  chaos: Chaos = calmChaos();
  private readonly log = new Map<string, Delivery>();
  private readonly ready: Job[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private shuffleBuffer: Job[] = [];
  private shuffleRunning = 0;
  private inFlight = 0;
  private readonly delivered = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private readonly agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };
  private readonly concurrency: number;
  private stopped = false;

  constructor(private readonly opts: DelivererOptions) {
    this.concurrency = opts.concurrency ?? 64;
  }

  /** Queues an event for every target that wants it. */
  enqueue(event: Stripe.EventBase, only?: (t: Target) => boolean, redelivery = false): number {
    if (this.stopped) return 0;
    const targets = this.opts.targets(event).filter((t) => !only || only(t));
    for (const target of targets) {
      this.add({ event, target, delivery: this.record(event, target, false, redelivery) });
      if (this.chaos.duplicate) this.add({ event, target, delivery: this.record(event, target, true, redelivery) });
    }
    return targets.length;
  }

  deliveries(filter: { event?: string; status?: string; endpoint?: string } = {}): Delivery[] {
    return [...this.log.values()].filter(
      (d) =>
        (!filter.event || d.event === filter.event) &&
        (!filter.status || d.status === filter.status) &&
        (!filter.endpoint || d.endpoint === filter.endpoint),
    );
  }

  pendingCount(): number {
    return this.ready.length + this.inFlight + this.timers.size + this.shuffleBuffer.length + this.shuffleRunning;
  }

  /** Resolves true once nothing is queued, in flight or waiting for a retry; false on timeout. */
  settle(timeoutMs: number): Promise<boolean> {
    if (this.pendingCount() === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(done);
    });
  }

  /** Drops everything queued and forgets the log (control-plane reset). */
  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.ready.length = 0;
    this.shuffleBuffer = [];
    this.log.clear();
    this.delivered.clear();
    this.chaos = calmChaos();
    this.notifyIfIdle();
  }

  stop(): void {
    this.stopped = true;
    this.clear();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private record(event: Stripe.EventBase, target: Target, duplicate: boolean, redelivery: boolean): Delivery {
    const d: Delivery = {
      id: newId('whdel', 20),
      event: event.id,
      type: event.type,
      endpoint: target.id,
      url: target.url,
      duplicate,
      redelivery,
      status: 'pending',
      attempts: [],
      nextAttemptAt: null,
    };
    this.log.set(d.id, d);
    if (this.log.size > LOG_LIMIT) {
      for (const [id, old] of this.log) {
        if (this.log.size <= LOG_LIMIT) break;
        if (old.status !== 'pending') this.log.delete(id);
      }
    }
    return d;
  }

  private add(job: Job): void {
    if (this.chaos.shuffleWindowMs > 0) {
      if (this.shuffleBuffer.length === 0) {
        this.later(this.chaos.shuffleWindowMs, () => this.flushShuffled());
      }
      this.shuffleBuffer.push(job);
      return;
    }
    if (this.chaos.delayMs > 0) this.later(this.chaos.delayMs, () => this.push(job));
    else this.push(job);
  }

  private flushShuffled(): void {
    const batch = shuffle(this.shuffleBuffer);
    this.shuffleBuffer = [];
    // Sent one after another so the shuffled order is the order of arrival.
    this.shuffleRunning += batch.length;
    void (async () => {
      for (const job of batch) {
        await this.attempt(job);
        this.shuffleRunning--;
      }
      this.notifyIfIdle();
    })();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
      this.notifyIfIdle();
    }, ms);
    this.timers.add(t);
  }

  private push(job: Job): void {
    this.ready.push(job);
    if (this.ready.length === 1) setImmediate(() => this.pump());
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.ready.length > 0) {
      const job = this.ready.shift() as Job;
      this.inFlight++;
      void this.attempt(job).finally(() => {
        this.inFlight--;
        this.pump();
        this.notifyIfIdle();
      });
    }
  }

  private notifyIfIdle(): void {
    if (this.pendingCount() !== 0) return;
    for (const w of [...this.waiters]) w();
  }

  private async attempt(job: Job): Promise<void> {
    if (this.stopped) return;
    const { delivery, event, target } = job;
    const started = Date.now();
    const timestamp = Math.floor(started / 1000) - this.chaos.staleTimestampSeconds;
    let result: { status: number | null; error: string | null };
    try {
      const payload = JSON.stringify(event, null, 2);
      result = await this.post(target.url, payload, signatureHeader(payload, target.secret, timestamp));
    } catch (err) {
      // A delivery problem is recorded as a failed attempt; it must never take the emulator down.
      result = { status: null, error: (err as Error).message };
    }
    delivery.attempts.push({
      attempt: delivery.attempts.length + 1,
      at: new Date(started).toISOString(),
      status: result.status,
      error: result.error,
      durationMs: Date.now() - started,
    });
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    if (ok) {
      delivery.status = 'succeeded';
      delivery.nextAttemptAt = null;
      const key = `${event.id} ${target.id}`;
      if (!this.delivered.has(key)) {
        this.delivered.add(key);
        this.opts.onDelivered(event, target);
      }
      return;
    }
    const wait = this.opts.retrySchedule[delivery.attempts.length - 1];
    if (wait === undefined || this.stopped) {
      delivery.status = 'failed';
      delivery.nextAttemptAt = null;
      this.opts.log(`emulator: webhook ${event.type} ${event.id} to ${target.url} failed after ${delivery.attempts.length} attempts`);
      return;
    }
    delivery.nextAttemptAt = new Date(Date.now() + wait).toISOString();
    this.later(wait + this.chaos.delayMs, () => this.push(job));
  }

  private post(url: string, payload: string, signature: string): Promise<{ status: number | null; error: string | null }> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (status: number | null, error: string | null) => {
        if (settled) return;
        settled = true;
        resolve({ status, error });
      };
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        finish(null, 'invalid URL');
        return;
      }
      const secure = target.protocol === 'https:';
      const req = (secure ? https : http).request(
        target,
        {
          method: 'POST',
          agent: secure ? this.agents.https : this.agents.http,
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': Buffer.byteLength(payload),
            'Stripe-Signature': signature,
            'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          },
          timeout: this.opts.timeoutMs,
        },
        (res) => {
          res.resume();
          res.on('end', () => finish(res.statusCode ?? null, null));
          res.on('error', (err) => finish(null, err.message));
        },
      );
      req.on('timeout', () => {
        req.destroy();
        finish(null, `timed out after ${this.opts.timeoutMs} ms`);
      });
      req.on('error', (err) => finish(null, err.message));
      req.end(payload);
    });
  }
}
