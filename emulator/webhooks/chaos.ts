// Webhook chaos modes a test can switch on to prove its handler copes with real-world delivery.
import { validationError } from '../wire/errors';
import { isFormObject, type FormValue } from '../wire/form';

export interface Chaos {
  /** Send every delivery twice. */
  duplicate: boolean;
  /** Collect deliveries for this long, then send them in a shuffled order. */
  shuffleWindowMs: number;
  /** Hold every delivery attempt back this long. */
  delayMs: number;
  /** Sign with a timestamp this many seconds in the past (the SDK rejects > 300 s). */
  staleTimestampSeconds: number;
}

export function calmChaos(): Chaos {
  return { duplicate: false, shuffleWindowMs: 0, delayMs: 0, staleTimestampSeconds: 0 };
}

function num(v: FormValue | undefined, name: string, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < 0 || n > max)
    throw validationError(`${name} must be an integer between 0 and ${max}`, name);
  return n;
}

/** Applies a partial chaos update from a control-plane body; absent fields keep their value. */
export function updateChaos(current: Chaos, body: FormValue): Chaos {
  if (!isFormObject(body)) throw validationError('Expected a JSON object');
  const allowed = ['duplicate', 'shuffleWindowMs', 'delayMs', 'staleTimestampSeconds'];
  for (const k of Object.keys(body)) if (!allowed.includes(k)) throw validationError(`Unknown chaos setting: ${k}`, k);
  const next = { ...current };
  if (body.duplicate !== undefined) {
    if (body.duplicate !== 'true' && body.duplicate !== 'false') throw validationError('duplicate must be a boolean', 'duplicate');
    next.duplicate = body.duplicate === 'true';
  }
  next.shuffleWindowMs = num(body.shuffleWindowMs, 'shuffleWindowMs', 60_000) ?? next.shuffleWindowMs;
  next.delayMs = num(body.delayMs, 'delayMs', 600_000) ?? next.delayMs;
  next.staleTimestampSeconds = num(body.staleTimestampSeconds, 'staleTimestampSeconds', 86_400 * 30) ?? next.staleTimestampSeconds;
  return next;
}

/** Fisher–Yates, re-rolled if it happens to keep the order (a window must visibly shuffle). */
export function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  if (out.length < 2) return out;
  do {
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
  } while (out.every((x, i) => x === items[i]));
  return out;
}
