import 'server-only';
import { AppError } from '@/lib/errors';

/** Next.js's limit for server action bodies; keep equal to `serverActions.bodySizeLimit` in next.config.js. */
export const SERVER_ACTION_BODY_LIMIT = 64 * 1024;

/**
 * True for a server action whose declared body is past the limit. Next.js refuses such a body
 * itself, but answers 500; the proxy answers 413 first (a chunked body with no Content-Length still
 * reaches Next.js's own check).
 */
export function oversizedActionBody(method: string, headers: Headers): boolean {
  if (method.toUpperCase() !== 'POST' || !headers.has('next-action')) return false;
  const declared = Number(headers.get('content-length') ?? 0);
  return Number.isFinite(declared) && declared > SERVER_ACTION_BODY_LIMIT;
}

export function actionBodyTooLarge(): AppError {
  return new AppError('payload_too_large');
}
