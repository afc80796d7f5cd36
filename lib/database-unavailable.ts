import 'server-only';

// postgres-js connection failures, and the server's own "going away / not up yet" answers
// (class 08 connection exceptions, 57P01–57P03 shutdown and start-up, 53300 too many connections).
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);
const SERVER_CODES = /^(08\d{3}|57P0[123]|53300)$/;

/**
 * True when `error` (or an error it wraps: Drizzle wraps driver errors in `cause`) says the
 * database cannot be reached right now — an outage the client may retry, not a bug.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || SERVER_CODES.test(code))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
