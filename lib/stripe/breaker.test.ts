import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { BreakerOpenError, CircuitBreaker, isBreakerOpen, UNAVAILABLE_MESSAGE, type BreakerState } from './breaker';

function breaker(threshold = 3, cooldownMs = 1_000) {
  let now = 0;
  const changes: string[] = [];
  const b = new CircuitBreaker('test', {
    threshold,
    cooldownMs,
    now: () => now,
    onChange: (from: BreakerState, to: BreakerState) => changes.push(`${from}→${to}`),
  });
  return { b, changes, advance: (ms: number) => (now += ms) };
}

const fail = (b: CircuitBreaker, times = 1) => {
  for (let i = 0; i < times; i++) b.failure(b.admit());
};

describe('circuit breaker', () => {
  it('stays closed below the threshold, and a success resets the count', () => {
    const { b } = breaker(3);
    fail(b, 2);
    b.success(b.admit());
    fail(b, 2);
    expect(b.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 2 });
    expect(b.available()).toBe(true);
  });

  it('opens on N consecutive failures and then fails fast with stripe_unavailable and Retry-After', () => {
    const { b, changes, advance } = breaker(3, 10_000);
    fail(b, 3);
    expect(b.snapshot().state).toBe('open');
    expect(changes).toEqual(['closed→open']);
    advance(2_500);
    expect(b.available()).toBe(false);
    let refused: unknown;
    try {
      b.admit();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(BreakerOpenError);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: 'stripe_unavailable',
      status: 503,
      message: UNAVAILABLE_MESSAGE,
      details: { retryAfterSeconds: 8 },
    });
    expect(isBreakerOpen(refused)).toBe(true);
    expect(() => b.assertAvailable()).toThrow(UNAVAILABLE_MESSAGE);
  });

  it('half-opens after the cooldown and lets exactly one probe through', () => {
    const { b, advance } = breaker(1, 1_000);
    fail(b);
    advance(1_000);
    expect(b.available()).toBe(true);
    const probe = b.admit();
    expect(probe.probe).toBe(true);
    expect(b.snapshot().state).toBe('half_open');
    expect(b.available()).toBe(false);
    expect(() => b.admit()).toThrow(BreakerOpenError);
  });

  it('closes when the probe succeeds', () => {
    const { b, changes, advance } = breaker(1, 1_000);
    fail(b);
    advance(1_000);
    b.success(b.admit());
    expect(b.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0, openedAt: null });
    expect(b.admit().probe).toBe(false);
    expect(changes).toEqual(['closed→open', 'open→half_open', 'half_open→closed']);
  });

  it('re-opens for another cooldown when the probe fails', () => {
    const { b, advance } = breaker(1, 1_000);
    fail(b);
    advance(1_000);
    b.failure(b.admit());
    expect(b.snapshot().state).toBe('open');
    advance(999);
    expect(b.available()).toBe(false);
    advance(1);
    expect(b.admit().probe).toBe(true);
  });

  it('a probe that ends without a verdict frees the slot for the next caller', () => {
    const { b, advance } = breaker(1, 1_000);
    fail(b);
    advance(1_000);
    b.release(b.admit());
    expect(b.snapshot().state).toBe('half_open');
    expect(b.admit().probe).toBe(true);
  });

  it('ignores late outcomes of calls admitted before it opened', () => {
    const { b, advance } = breaker(2, 1_000);
    const slow = b.admit();
    const late = b.admit();
    fail(b, 2);
    const openedAt = b.snapshot().openedAt;
    b.success(slow);
    expect(b.snapshot().state).toBe('open');
    advance(500);
    b.failure(late);
    expect(b.snapshot().openedAt).toBe(openedAt);
    advance(500);
    expect(b.available()).toBe(true);
  });
});
