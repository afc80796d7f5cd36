import 'server-only';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { logger } from '@/lib/log/logger';
import { RATE_LIMIT_POLICIES, type Limit, type Policy, type RateLimitPolicy } from './rate-limit-policies';
import { rateLimitRedis } from './redis';

/** Who a request counts against; a missing IP counts against one shared "unknown" bucket, a missing user is not limited per user. */
export type RateLimitKeys = { ip?: string | null; user?: string | null };

export type RateLimiter = {
  /** Counts one request; throws AppError('rate_limited') with retryAfterSeconds when any limit of the policy is exhausted. */
  consume(policy: RateLimitPolicy, keys: RateLimitKeys): Promise<void>;
  /** Takes back a request that turned out legitimate: clears the user's count and returns the IP's point. */
  forgive(policy: RateLimitPolicy, keys: RateLimitKeys): Promise<void>;
};

type Dimension = keyof Policy;

/**
 * A refusal from rate-limiter-flexible, recognised by shape: each Next.js bundle (route handlers,
 * pages, server actions) has its own copy of the library's classes, so instanceof is unreliable.
 */
const isRefusal = (reason: unknown): reason is { msBeforeNext: number } =>
  typeof reason === 'object' &&
  reason !== null &&
  !(reason instanceof Error) &&
  typeof (reason as { msBeforeNext?: unknown }).msBeforeNext === 'number';

// Emails and user ids stay out of Redis keys; a hash keeps them apart just as well.
const userKey = (user: string) => createHash('sha256').update(user.trim().toLowerCase()).digest('hex').slice(0, 32);

function message(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  const wait = seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `Too many attempts. Please wait ${wait} and try again.`;
}

/**
 * Builds a limiter over Redis (shared by every instance) or, without one, process memory. With
 * Redis, an in-memory "insurance" limiter answers while Redis is unreachable, so an outage
 * weakens limits to per-instance instead of failing requests.
 */
export function createRateLimiter(options: {
  redis?: Redis;
  namespace: string;
  policies?: Partial<Record<RateLimitPolicy, Policy>>;
  /** Counters to share with other limiters (the in-memory counts live in these objects). */
  limiters?: Map<string, RateLimiterAbstract>;
}): RateLimiter {
  const policies: Record<RateLimitPolicy, Policy> = { ...RATE_LIMIT_POLICIES, ...options.policies };
  const limiters = options.limiters ?? new Map<string, RateLimiterAbstract>();

  function limiter(policy: RateLimitPolicy, dimension: Dimension, limit: Limit): RateLimiterAbstract {
    const keyPrefix = `rl:${options.namespace}:${policy}:${dimension}`;
    let found = limiters.get(keyPrefix);
    if (!found) {
      const base = { keyPrefix, points: limit.points, duration: limit.duration, blockDuration: limit.blockDuration ?? 0 };
      found = options.redis
        ? new RateLimiterRedis({
            ...base,
            storeClient: options.redis,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory(base),
          })
        : new RateLimiterMemory(base);
      limiters.set(keyPrefix, found);
    }
    return found;
  }

  function targets(policy: RateLimitPolicy, keys: RateLimitKeys): { dimension: Dimension; limiter: RateLimiterAbstract; key: string }[] {
    const p = policies[policy];
    const out: { dimension: Dimension; limiter: RateLimiterAbstract; key: string }[] = [];
    if (p.ip) out.push({ dimension: 'ip', limiter: limiter(policy, 'ip', p.ip), key: keys.ip || 'unknown' });
    if (p.user && keys.user) out.push({ dimension: 'user', limiter: limiter(policy, 'user', p.user), key: userKey(keys.user) });
    return out;
  }

  return {
    async consume(policy, keys) {
      const checks = targets(policy, keys);
      const results = await Promise.allSettled(checks.map((t) => t.limiter.consume(t.key)));
      let waitMs = 0;
      const exceeded: Dimension[] = [];
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') return;
        if (!isRefusal(result.reason)) throw result.reason;
        waitMs = Math.max(waitMs, result.reason.msBeforeNext);
        exceeded.push(checks[i]!.dimension);
      });
      if (exceeded.length === 0) return;
      const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
      logger.warn({ policy, exceeded, ip: keys.ip ?? null, retryAfterSeconds }, 'rate limited');
      throw new AppError('rate_limited', message(retryAfterSeconds), { retryAfterSeconds });
    },
    async forgive(policy, keys) {
      await Promise.all(targets(policy, keys).map((t) => (t.dimension === 'user' ? t.limiter.delete(t.key) : t.limiter.reward(t.key, 1))));
    },
  };
}

// The counters are shared by every bundle of the process through globalThis, but each bundle wraps
// them itself, so the AppError it throws is its own bundle's class and instanceof checks hold.
const globalForLimiters = globalThis as unknown as { paydeckRateLimiters?: Map<string, RateLimiterAbstract> };
let processLimiter: Promise<RateLimiter> | undefined;

function defaultLimiter(): Promise<RateLimiter> {
  processLimiter ??= rateLimitRedis().then((redis) =>
    createRateLimiter({ redis, namespace: env().rateLimitNamespace, limiters: (globalForLimiters.paydeckRateLimiters ??= new Map()) }),
  );
  return processLimiter;
}

/**
 * Counts one request against a named policy (per IP and/or per user); throws
 * AppError('rate_limited', …, { retryAfterSeconds }), which route() turns into 429 + Retry-After.
 */
export async function consume(policy: RateLimitPolicy, keys: RateLimitKeys): Promise<void> {
  return (await defaultLimiter()).consume(policy, keys);
}

/** Takes back a request that proved legitimate (a successful sign-in), so honest users never accumulate. */
export async function forgive(policy: RateLimitPolicy, keys: RateLimitKeys): Promise<void> {
  return (await defaultLimiter()).forgive(policy, keys);
}
