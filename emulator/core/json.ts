// Snapshots, previous_attributes diffs and Decimal revival for stored Stripe objects.
import Stripe from 'stripe';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function copy(value: unknown): Json | undefined {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : value === null ? null : undefined;
  }
  if (Array.isArray(value)) return value.map((v) => copy(v) ?? null);
  // Decimal (and anything else with toJSON) is copied as what JSON.stringify would write.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return copy((value as { toJSON: () => unknown }).toJSON());
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value)) {
    const v = copy((value as Record<string, unknown>)[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * A frozen JSON snapshot kept as bytes outside the JS heap: events hold hundreds of thousands
 * of these, and off-heap bytes are never copied by the young-generation collector (its pauses
 * otherwise set the emulator's tail latency). Serializes as the object it holds.
 */
export class RawJson {
  constructor(private readonly bytes: Buffer) {}

  static of(value: unknown): RawJson {
    return new RawJson(Buffer.from(JSON.stringify(value)));
  }

  toJSON(): unknown {
    return JSON.parse(this.bytes.toString('utf8'));
  }
}

/** A plain-JSON copy, the form in which objects leave the emulator (Decimals become strings). */
export function snapshot<T extends object>(value: T): Record<string, Json> {
  return copy(value) as Record<string, Json>;
}

function isPlain(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Stripe's `previous_attributes`: changed hash keys recursively, whole arrays and scalars as they were. */
export function previousAttributes(before: Record<string, Json>, after: Record<string, Json>): Record<string, Json> | null {
  const out: Record<string, Json> = {};
  for (const key of Object.keys(before)) {
    const a = before[key];
    const b = after[key];
    if (a === undefined) continue;
    if (isPlain(a) && isPlain(b)) {
      const nested = previousAttributes(a, b);
      if (nested) out[key] = nested;
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out[key] = a;
    }
  }
  for (const key of Object.keys(after)) {
    if (!(key in before)) out[key] = null;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** Persisted objects come back with decimal strings; the SDK's types want Decimal instances. */
export function reviveDecimals(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveDecimals);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k.endsWith('_decimal') && typeof v === 'string' ? Stripe.Decimal.from(v) : reviveDecimals(v);
  }
  return out;
}

export function decimal(value: number | string): Stripe.Decimal {
  return Stripe.Decimal.from(value);
}
