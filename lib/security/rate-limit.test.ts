import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { createRateLimiter, type RateLimiter } from './rate-limit';
import { connectRateLimitRedis } from './redis';

const REDIS_URL = env().redisUrl ?? 'redis://127.0.0.1:6379';
const namespace = () => `test-${randomBytes(4).toString('hex')}`;
const ip = () => `198.18.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 254) + 1}`;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function consumeTimes(limiter: RateLimiter, n: number, keys: { ip?: string; user?: string }) {
  for (let i = 0; i < n; i++) await limiter.consume('sign-up', keys);
}

// The same behaviour is required of both stores; Redis is the real local service, not a mock.
const stores: [string, () => Promise<{ limiter: (ns: string) => RateLimiter; close: () => Promise<void> }>][] = [
  ['memory', async () => ({ limiter: (ns) => createRateLimiter({ namespace: ns }), close: async () => {} })],
  [
    'redis',
    async () => {
      const redis = connectRateLimitRedis(REDIS_URL);
      await new Promise<void>((resolve, reject) => {
        redis.once('ready', resolve);
        redis.once('error', reject);
      });
      return { limiter: (ns) => createRateLimiter({ redis, namespace: ns }), close: async () => void (await redis.quit()) };
    },
  ],
];

describe.each(stores)('rate limits in %s', (_name, open) => {
  let store: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(() => store.close());

  it('allows the policy limit per user, then refuses with rate_limited, 429 and a Retry-After', async () => {
    const limiter = store.limiter(namespace());
    const keys = { ip: ip(), user: 'Someone@Example.com' };
    await consumeTimes(limiter, 5, keys);
    const error = await rejection(limiter.consume('sign-up', keys));
    expect(error.code).toBe('rate_limited');
    expect(error.status).toBe(429);
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(3500);
    expect(error.details?.retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect(error.message).toMatch(/^Too many attempts\. Please wait \d+ minutes and try again\.$/);
    // The same person under another spelling of the email is the same key.
    await expect(limiter.consume('sign-up', { ip: ip(), user: ' someone@example.COM ' })).rejects.toMatchObject({ code: 'rate_limited' });
    // Someone else from another address is unaffected.
    await expect(limiter.consume('sign-up', { ip: ip(), user: 'other@example.com' })).resolves.toBeUndefined();
  });

  it('limits per IP across many users', async () => {
    const limiter = store.limiter(namespace());
    const address = ip();
    for (let i = 0; i < 20; i++) await limiter.consume('sign-up', { ip: address, user: `u${i}@example.com` });
    await expect(limiter.consume('sign-up', { ip: address, user: 'fresh@example.com' })).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(limiter.consume('sign-up', { ip: ip(), user: 'fresh@example.com' })).resolves.toBeUndefined();
  });

  it('counts a missing IP against one shared bucket rather than not at all', async () => {
    const limiter = store.limiter(namespace());
    for (let i = 0; i < 20; i++) await limiter.consume('sign-up', { ip: null, user: `n${i}@example.com` });
    await expect(limiter.consume('sign-up', { user: 'another@example.com' })).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('keeps policies and namespaces apart', async () => {
    const ns = namespace();
    const keys = { ip: ip(), user: 'apart@example.com' };
    await consumeTimes(store.limiter(ns), 5, keys);
    await expect(store.limiter(ns).consume('subscription', keys)).resolves.toBeUndefined();
    await expect(store.limiter(namespace()).consume('sign-up', keys)).resolves.toBeUndefined();
  });

  it('forgive() clears the user count and returns the IP point', async () => {
    const limiter = store.limiter(namespace());
    const keys = { ip: ip(), user: 'forgiven@example.com' };
    for (let i = 0; i < 10; i++) await limiter.consume('sign-in', keys);
    await expect(limiter.consume('sign-in', keys)).rejects.toMatchObject({ code: 'rate_limited' });
    await limiter.forgive('sign-in', keys);
    await expect(limiter.consume('sign-in', keys)).resolves.toBeUndefined();
  });

  it('blocks an account for the block duration once its sign-in limit is hit', async () => {
    const limiter = store.limiter(namespace());
    const keys = { ip: ip(), user: 'blocked@example.com' };
    for (let i = 0; i < 10; i++) await limiter.consume('sign-in', keys);
    const error = await rejection(limiter.consume('sign-in', { ip: ip(), user: 'blocked@example.com' }));
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(14 * 60);
  });

  it('accepts short test policies and reports seconds when the wait is under a minute', async () => {
    const limiter = createRateLimiter({ namespace: namespace(), policies: { webhook: { ip: { points: 2, duration: 30 } } } });
    const address = ip();
    await limiter.consume('webhook', { ip: address });
    await limiter.consume('webhook', { ip: address });
    const error = await rejection(limiter.consume('webhook', { ip: address }));
    expect(error.message).toMatch(/wait \d+ seconds/);
    expect(error.details?.retryAfterSeconds).toBeLessThanOrEqual(30);
  });
});

describe('rate limits shared through Redis', () => {
  let a: Redis;
  let b: Redis;
  beforeAll(async () => {
    [a, b] = [connectRateLimitRedis(REDIS_URL), connectRateLimitRedis(REDIS_URL)];
    await Promise.all([a, b].map((r) => new Promise((resolve) => r.once('ready', resolve))));
  });
  afterAll(async () => {
    await Promise.all([a.quit(), b.quit()]);
  });

  it('two app instances share one count, stored under the namespace with the user hashed', async () => {
    const ns = namespace();
    const keys = { ip: ip(), user: 'shared@example.com' };
    const first = createRateLimiter({ redis: a, namespace: ns });
    const second = createRateLimiter({ redis: b, namespace: ns });
    await consumeTimes(first, 3, keys);
    await consumeTimes(second, 2, keys);
    await expect(first.consume('sign-up', keys)).rejects.toMatchObject({ code: 'rate_limited' });
    const stored = await a.keys(`rl:${ns}:*`);
    expect(stored).toHaveLength(2);
    const userKey = stored.find((k) => k.startsWith(`rl:${ns}:sign-up:user:`));
    expect(stored).toContain(`rl:${ns}:sign-up:ip:${keys.ip}`);
    expect(userKey?.split(':').at(-1)).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.join()).not.toContain('shared@example.com');
    expect(await a.pttl(`rl:${ns}:sign-up:ip:${keys.ip}`)).toBeGreaterThan(0);
  });

  it('falls back to in-memory limits while Redis is unreachable instead of failing requests', async () => {
    const down = connectRateLimitRedis('redis://127.0.0.1:1');
    try {
      const limiter = createRateLimiter({ redis: down, namespace: namespace() });
      const keys = { ip: ip(), user: 'outage@example.com' };
      await consumeTimes(limiter, 5, keys);
      await expect(limiter.consume('sign-up', keys)).rejects.toMatchObject({ code: 'rate_limited' });
    } finally {
      down.disconnect();
    }
  });
});

describe('the process-wide limiter across Next.js bundles', () => {
  it('shares counts between module copies, and each copy throws its own AppError class', async () => {
    // Route handlers, pages and server actions each load their own copy of these modules.
    const keys = { ip: ip(), user: `bundles-${randomBytes(4).toString('hex')}@example.com` };
    vi.resetModules();
    const first = await import('./rate-limit');
    for (let i = 0; i < 3; i++) await first.consume('sign-up', keys);
    vi.resetModules();
    const second = await import('./rate-limit');
    const { AppError: SecondAppError } = await import('@/lib/errors');
    expect(SecondAppError).not.toBe(AppError);
    await second.consume('sign-up', keys);
    await second.consume('sign-up', keys);
    const error = await second.consume('sign-up', keys).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecondAppError);
    expect(error).toMatchObject({ code: 'rate_limited' });
  });
});
