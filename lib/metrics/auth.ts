import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

const digest = (v: string) => createHash('sha256').update(v).digest();

/** Checks `Authorization: Bearer <METRICS_TOKEN>` in constant time; metrics are off (404) without a token configured. */
export function assertMetricsAccess(headers: Headers): void {
  const token = env().metricsToken;
  if (!token) throw new AppError('not_found', 'Metrics are disabled; set METRICS_TOKEN to enable them.');
  const given = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1]?.trim() ?? '';
  if (!timingSafeEqual(digest(given), digest(token)))
    throw new AppError('unauthenticated', 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".');
}
