import 'server-only';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '@/lib/database-unavailable';
import { logger } from '@/lib/log/logger';

const STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  card_declined: 402,
  stripe_timeout: 504,
  stripe_unavailable: 503,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof STATUS;

const DEFAULT_MESSAGE: Record<ErrorCode, string> = {
  bad_request: 'The request could not be understood.',
  unauthenticated: 'Please sign in to continue.',
  forbidden: 'You are not allowed to do that.',
  not_found: 'Not found.',
  conflict: 'This request conflicts with another one in progress.',
  payload_too_large: 'The request body is too large.',
  unsupported_media_type: 'Unsupported content type.',
  validation_failed: 'Some fields are invalid.',
  rate_limited: 'Too many requests. Please wait and try again.',
  card_declined: 'Your card was declined.',
  stripe_timeout: 'The payment service did not answer in time. We are checking the result; you will not be charged twice.',
  stripe_unavailable: 'Payments are temporarily unavailable. Please try again shortly.',
  unavailable: 'The service is temporarily unavailable.',
  internal: 'Something went wrong on our side.',
};

/** An expected failure with a stable code; its message is safe to show to the user. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: {
      fields?: Record<string, string[]>;
      retryAfterSeconds?: number;
      /** Stripe's decline code, shown to admins and used by the UI to suggest another card. */
      declineCode?: string;
      /** Safe to retry the same request later (Stripe rate limit, outage, timeout). */
      retryable?: boolean;
    },
  ) {
    super(message ?? DEFAULT_MESSAGE[code]);
    this.name = 'AppError';
    this.status = STATUS[code];
  }
}

export type ErrorBody = { error: { code: ErrorCode; message: string; fields?: Record<string, string[]>; decline_code?: string } };

/** Maps any thrown value to a safe JSON body and status; unknown errors are logged, never shown. */
export function toErrorBody(error: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  const appError = asAppError(error);
  const headers: Record<string, string> = {};
  if (appError.details?.retryAfterSeconds) headers['Retry-After'] = String(appError.details.retryAfterSeconds);
  const body: ErrorBody = { error: { code: appError.code, message: appError.message } };
  if (appError.details?.fields) body.error.fields = appError.details.fields;
  if (appError.details?.declineCode) body.error.decline_code = appError.details.declineCode;
  return { status: appError.status, body, headers };
}

/** The single place errors become HTTP responses. */
export function toResponse(error: unknown): Response {
  const { status, body, headers } = toErrorBody(error);
  return Response.json(body, { status, headers: { ...headers, 'Cache-Control': 'no-store' } });
}

// PostgreSQL codes raised only by text a client sent: a NUL character, or one the encoding cannot hold.
const CLIENT_TEXT_ERRORS = new Set(['22021', '22P05']);

/** The SQLSTATE of a database error, also when the query builder wrapped it (as `cause`). */
function sqlState(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Normalises a thrown value: AppError as is, zod → 422 with field messages, text the database refuses → 422, anything else → logged 500. */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (CLIENT_TEXT_ERRORS.has(sqlState(error) ?? ''))
    return new AppError('validation_failed', 'Text may not contain NUL or other unsupported characters.');
  if (error instanceof ZodError) {
    const fields: Record<string, string[]> = {};
    for (const issue of error.issues) {
      const key = issue.path.join('.') || '_';
      (fields[key] ??= []).push(issue.message);
    }
    return new AppError('validation_failed', undefined, { fields });
  }
  // A database outage is a 503 the client may retry (fast, with Retry-After), not an internal error.
  if (isDatabaseUnavailable(error)) {
    logger.warn({ err: error }, 'database unavailable');
    return new AppError('unavailable', 'The service is temporarily unavailable. Please try again shortly.', {
      retryable: true,
      retryAfterSeconds: 5,
    });
  }
  logger.error({ err: error }, 'unexpected error');
  return new AppError('internal');
}
