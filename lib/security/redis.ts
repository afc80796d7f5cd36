import 'server-only';
import { Redis } from 'ioredis';
import { env } from '@/lib/env';
import { logger } from '@/lib/log/logger';

const ERROR_LOG_INTERVAL_MS = 30_000;
const FIRST_CONNECT_WAIT_MS = 2_000;

/**
 * Opens a Redis connection for rate limiting. Commands fail at once while it is down (no offline
 * queue), so callers fall back to in-memory limits instead of hanging a request.
 */
export function connectRateLimitRedis(url: string): Redis {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 1_000 });
  let lastLogged = 0;
  // ioredis emits an error on every reconnect attempt; one line per interval is enough.
  client.on('error', (err: Error) => {
    if (Date.now() - lastLogged < ERROR_LOG_INTERVAL_MS) return;
    lastLogged = Date.now();
    logger.warn({ err: { message: err.message } }, 'rate-limit Redis unavailable; using in-memory limits');
  });
  return client;
}

const globalForRedis = globalThis as unknown as { paydeckRateLimitRedis?: Promise<Redis> };

/**
 * The process's rate-limit Redis connection when REDIS_URL is set, else undefined. The first call
 * waits (briefly) for the connection, so start-up requests are not counted in memory instead.
 */
export function rateLimitRedis(): Promise<Redis | undefined> {
  const url = env().redisUrl;
  if (!url) return Promise.resolve(undefined);
  globalForRedis.paydeckRateLimitRedis ??= new Promise<Redis>((resolve) => {
    const client = connectRateLimitRedis(url);
    const settle = () => resolve(client);
    client.once('ready', settle);
    client.once('error', settle);
    setTimeout(settle, FIRST_CONNECT_WAIT_MS).unref();
  });
  return globalForRedis.paydeckRateLimitRedis;
}
