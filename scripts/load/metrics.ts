// What the load run measures: per endpoint (latency, status, errors), per second (throughput,
// errors, latency), and the end-to-end payment confirmation times.
import { percentile } from '../lib/bench';

/** `api`: our JSON routes (/api/*, the latency target); `page`: server-rendered pages; `action`: server actions; `stripe`: the emulator, standing in for Stripe. */
export type Kind = 'api' | 'page' | 'action' | 'stripe' | 'other';

export type Sample = { endpoint: string; at: number; ms: number; status: number; ok: boolean; kind: Kind };

export type EndpointStats = {
  endpoint: string;
  kind: Kind;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  statuses: Record<string, number>;
};

export type Bucket = { t: number; requests: number; errors: number; p50: number; p95: number; confirmations: number; confirmP95: number };

const round = (n: number) => Math.round(n * 10) / 10;

export class Recorder {
  readonly samples: Sample[] = [];
  /** create → confirmed at Stripe → our row `succeeded`, in ms, with when it finished. */
  readonly confirmations: { at: number; ms: number; webhookMs: number }[] = [];
  readonly notes: string[] = [];
  readonly started = performance.now();

  /** Seconds since the run started. */
  now(): number {
    return (performance.now() - this.started) / 1000;
  }

  record(endpoint: string, ms: number, status: number, ok: boolean, kind: Kind): void {
    this.samples.push({ endpoint, at: this.now(), ms, status, ok, kind });
  }

  confirmed(ms: number, webhookMs: number): void {
    this.confirmations.push({ at: this.now(), ms, webhookMs });
  }

  /** Per-endpoint figures over the samples taken between `from` and `to` seconds. */
  endpoints(from = 0, to = Infinity): EndpointStats[] {
    const by = new Map<string, Sample[]>();
    for (const s of this.samples) if (s.at >= from && s.at <= to) by.set(s.endpoint, [...(by.get(s.endpoint) ?? []), s]);
    const seconds = Math.max(1e-9, Math.min(to, this.now()) - from);
    return [...by.entries()]
      .map(([endpoint, list]) => {
        const ms = list.map((s) => s.ms).sort((a, b) => a - b);
        const statuses: Record<string, number> = {};
        for (const s of list) statuses[String(s.status)] = (statuses[String(s.status)] ?? 0) + 1;
        return {
          endpoint,
          kind: list[0]!.kind,
          requests: list.length,
          perSecond: round(list.length / seconds),
          p50: round(percentile(ms, 50)),
          p95: round(percentile(ms, 95)),
          p99: round(percentile(ms, 99)),
          max: round(ms[ms.length - 1] ?? NaN),
          errors: list.filter((s) => !s.ok).length,
          statuses,
        };
      })
      .sort((a, b) => a.endpoint.localeCompare(b.endpoint));
  }

  /** The run cut into `width`-second buckets (our JSON API for latency; everything for throughput and errors). */
  timeline(width = 5): Bucket[] {
    const end = Math.ceil(this.now() / width);
    const buckets: Bucket[] = [];
    for (let i = 0; i < end; i++) {
      const inside = (at: number) => at >= i * width && at < (i + 1) * width;
      const api = this.samples.filter((s) => s.kind === 'api' && inside(s.at));
      const ms = api.map((s) => s.ms).sort((a, b) => a - b);
      const conf = this.confirmations
        .filter((c) => inside(c.at))
        .map((c) => c.ms)
        .sort((a, b) => a - b);
      buckets.push({
        t: (i + 1) * width,
        requests: round(this.samples.filter((s) => inside(s.at)).length / width),
        errors: this.samples.filter((s) => !s.ok && inside(s.at)).length,
        p50: round(percentile(ms, 50)),
        p95: round(percentile(ms, 95)),
        confirmations: round(conf.length / width),
        confirmP95: round(percentile(conf, 95)),
      });
    }
    return buckets;
  }

  /** p50/p95/p99 and errors of one kind of request. */
  latency(kind: Kind): { requests: number; p50: number; p95: number; p99: number; errors: number } {
    const list = this.samples.filter((s) => s.kind === kind);
    const ms = list.map((s) => s.ms).sort((a, b) => a - b);
    return {
      requests: list.length,
      p50: round(percentile(ms, 50)),
      p95: round(percentile(ms, 95)),
      p99: round(percentile(ms, 99)),
      errors: list.filter((s) => !s.ok).length,
    };
  }

  /** Every failed request or check, of any kind. */
  errors(): number {
    return this.samples.filter((s) => !s.ok).length;
  }

  confirmation(): { count: number; p50: number; p95: number; p99: number; max: number; webhookP95: number } {
    const ms = this.confirmations.map((c) => c.ms).sort((a, b) => a - b);
    const hook = this.confirmations.map((c) => c.webhookMs).sort((a, b) => a - b);
    return {
      count: ms.length,
      p50: round(percentile(ms, 50)),
      p95: round(percentile(ms, 95)),
      p99: round(percentile(ms, 99)),
      max: round(ms[ms.length - 1] ?? NaN),
      webhookP95: round(percentile(hook, 95)),
    };
  }
}
