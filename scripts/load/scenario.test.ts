import { describe, expect, it } from 'vitest';
import { SUBSCRIBER_EVERY, subscribeIteration } from './scenario';

describe('when the load test customers subscribe', () => {
  it('one in four does, spread over the iterations of a long run, each early enough to change plan before the end', () => {
    const at = Array.from({ length: 95 }, (_, i) => subscribeIteration(i, 300, 15));
    const subscribers = at.filter((n) => n > 0);
    expect(subscribers).toHaveLength(Math.ceil(95 / SUBSCRIBER_EVERY));
    expect(Math.max(...subscribers) + 1).toBeLessThanOrEqual(300 / 15);
    // No iteration carries more than two of the 24 subscriptions.
    const perIteration = new Map<number, number>();
    for (const n of subscribers) perIteration.set(n, (perIteration.get(n) ?? 0) + 1);
    expect(Math.max(...perIteration.values())).toBeLessThanOrEqual(2);
  });

  it('a short run still has its subscribers subscribe in the second iteration', () => {
    expect(subscribeIteration(0, 20, 15)).toBe(2);
    expect(subscribeIteration(1, 20, 15)).toBe(-1);
  });
});
