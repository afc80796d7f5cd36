// Stripe's error envelope and the HTTP statuses that go with each error type.
export type ErrorType =
  'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error' | 'rate_limit_error' | 'authentication_error';

export interface ErrorBody {
  type: ErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  advice_code?: string;
  network_decline_code?: string;
  charge?: string;
  payment_intent?: unknown;
  setup_intent?: unknown;
  payment_method?: unknown;
  request_log_url?: string;
}

interface ErrorOptions {
  /** Validation failures happen before execution, so Stripe keeps no idempotent result. */
  validation?: boolean;
  headers?: Record<string, string>;
}

export class ApiError extends Error {
  readonly validation: boolean;
  readonly headers: Record<string, string>;
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    opts: ErrorOptions = {},
  ) {
    super(body.message);
    this.validation = opts.validation ?? false;
    this.headers = opts.headers ?? {};
    if (body.code && !body.doc_url) body.doc_url = `https://docs.stripe.com/error-codes/${body.code.replace(/_/g, '-')}`;
  }
}

export function invalid(message: string, param?: string, code?: string): ApiError {
  return new ApiError(400, { type: 'invalid_request_error', message, ...(code ? { code } : {}), ...(param ? { param } : {}) });
}

export function validationError(message: string, param?: string, code?: string): ApiError {
  const body: ErrorBody = { type: 'invalid_request_error', message };
  if (code) body.code = code;
  if (param) body.param = param;
  return new ApiError(400, body, { validation: true });
}

export function unknownParam(param: string): ApiError {
  return validationError(`Received unknown parameter: ${param}`, param, 'parameter_unknown');
}

export function missingParam(param: string): ApiError {
  return validationError(`Missing required param: ${param}.`, param, 'parameter_missing');
}

export function noSuch(kind: string, id: string, param = 'id'): ApiError {
  return new ApiError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${id}'`, param });
}

export function unexpectedState(code: string, message: string, extra: Partial<ErrorBody> = {}): ApiError {
  return new ApiError(400, { type: 'invalid_request_error', code, message, ...extra });
}

export function unrecognizedUrl(method: string, path: string): ApiError {
  return new ApiError(
    404,
    {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    },
    { validation: true },
  );
}

export function authError(message: string): ApiError {
  return new ApiError(401, { type: 'invalid_request_error', message }, { validation: true });
}

export function envelope(err: ApiError, requestId: string): string {
  const body = { ...err.body };
  if (!body.request_log_url) body.request_log_url = `https://dashboard.stripe.com/test/logs/${requestId}`;
  return JSON.stringify({ error: body });
}
