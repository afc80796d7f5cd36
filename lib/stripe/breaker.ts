import 'server-only';
import { AppError } from '@/lib/errors';

export type BreakerState = 'closed' | 'open' | 'half_open';

/** A call the breaker let through; `probe` is the single trial call of the half-open state. */
export type Ticket = { probe: boolean };

export type BreakerSnapshot = { state: BreakerState; consecutiveFailures: number; openedAt: number | null; retryAfterMs: number };

export const UNAVAILABLE_MESSAGE = 'Payments are temporarily unavailable. Please try again in a few minutes; you have not been charged.';

/**
 * Refused by an open breaker: the request never left this process, so (unlike a timeout) its
 * outcome is known — nothing happened at Stripe.
 */
export class BreakerOpenError extends AppError {
  readonly notSent = true;
  constructor(retryAfterSeconds: number) {
    super('stripe_unavailable', UNAVAILABLE_MESSAGE, { retryAfterSeconds });
  }
}

/** True for an error raised by a breaker (matched by shape: server bundles may hold separate copies of this module). */
export function isBreakerOpen(error: unknown): error is BreakerOpenError {
  return error instanceof AppError && (error as Partial<BreakerOpenError>).notSent === true;
}

/** What a breaker remembers. */
export type BreakerMemory = { state: BreakerState; failures: number; openedAt: number; probing: boolean };

export const breakerMemory = (): BreakerMemory => ({ state: 'closed', failures: 0, openedAt: 0, probing: false });

/**
 * A circuit breaker for one Stripe account. Closed: calls go out; `threshold` consecutive
 * retryable failures open it. Open: calls fail at once until `cooldownMs` has passed, then one
 * probe call is let through (half-open); its success closes the breaker, its failure re-opens it.
 * Outcomes of calls that started before the breaker opened are ignored, so a late success cannot
 * close an open breaker without a probe.
 */
export class CircuitBreaker {
  constructor(
    readonly name: string,
    private readonly options: {
      threshold: number;
      cooldownMs: number;
      now?: () => number;
      onChange?: (from: BreakerState, to: BreakerState) => void;
    },
    // Plain data, so one process can share it between server bundles (each with its own copy of this class and of AppError).
    private readonly m: BreakerMemory = breakerMemory(),
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private move(to: BreakerState): void {
    const from = this.m.state;
    if (from === to) return;
    this.m.state = to;
    this.options.onChange?.(from, to);
  }

  private retryAfterMs(): number {
    if (this.m.state === 'closed') return 0;
    if (this.m.state === 'half_open') return Math.min(this.options.cooldownMs, 1_000);
    return Math.max(0, this.m.openedAt + this.options.cooldownMs - this.now());
  }

  private refusal(): BreakerOpenError {
    return new BreakerOpenError(Math.max(1, Math.ceil(this.retryAfterMs() / 1_000)));
  }

  /** Whether a call would be let through now, without taking the half-open probe (checked before we write anything). */
  available(): boolean {
    if (this.m.state === 'closed') return true;
    if (this.m.state === 'open') return this.now() - this.m.openedAt >= this.options.cooldownMs;
    return !this.m.probing;
  }

  /** Throws BreakerOpenError unless `available()`. */
  assertAvailable(): void {
    if (!this.available()) throw this.refusal();
  }

  /** Lets one call through or throws BreakerOpenError; settle the ticket with success/failure/release. */
  admit(): Ticket {
    if (this.m.state === 'closed') return { probe: false };
    if (this.m.state === 'open') {
      if (this.now() - this.m.openedAt < this.options.cooldownMs) throw this.refusal();
      this.move('half_open');
    }
    if (this.m.probing) throw this.refusal();
    this.m.probing = true;
    return { probe: true };
  }

  /** Stripe answered (a decline or a 4xx is an answer too). */
  success(ticket: Ticket): void {
    if (ticket.probe) {
      this.m.probing = false;
      this.m.failures = 0;
      this.move('closed');
      return;
    }
    if (this.m.state === 'closed') this.m.failures = 0;
  }

  /** Stripe did not answer usefully: 5xx, 429, connection error or timeout. */
  failure(ticket: Ticket): void {
    if (ticket.probe) {
      this.m.probing = false;
      this.open();
      return;
    }
    if (this.m.state !== 'closed') return;
    this.m.failures++;
    if (this.m.failures >= this.options.threshold) this.open();
  }

  /** The call ended without telling us anything about Stripe (e.g. our own bug): frees the probe slot. */
  release(ticket: Ticket): void {
    if (ticket.probe) this.m.probing = false;
  }

  private open(): void {
    this.m.openedAt = this.now();
    this.move('open');
  }

  snapshot(): BreakerSnapshot {
    return {
      state: this.m.state,
      consecutiveFailures: this.m.failures,
      openedAt: this.m.state === 'closed' ? null : this.m.openedAt,
      retryAfterMs: this.retryAfterMs(),
    };
  }
}
