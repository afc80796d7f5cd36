import 'server-only';
import { AppError } from '@/lib/errors';

/** One CSP violation as we log it: only the fields worth reading, trimmed and without query strings. */
export type CspViolation = {
  documentUrl: string | null;
  blockedUrl: string | null;
  directive: string | null;
  sourceFile: string | null;
  line: number | null;
  column: number | null;
  sample: string | null;
  disposition: string | null;
};

export const CSP_REPORT_MAX_BYTES = 64 * 1024;
const MAX_REPORTS = 20;
const MAX_FIELD = 300;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Query strings and fragments can carry tokens (a 3-D Secure return_url carries the intent's client secret). */
function url(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const u = new URL(value);
    return `${u.origin}${u.pathname}`.slice(0, MAX_FIELD);
  } catch {
    // Keywords such as "inline", "eval" or "self".
    return value.slice(0, MAX_FIELD);
  }
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value.slice(0, MAX_FIELD) : null);
const int = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : null);

/** The legacy `report-uri` body: `{ "csp-report": { "document-uri": …, … } }`. */
function fromReportUri(r: Json): CspViolation {
  return {
    documentUrl: url(r['document-uri']),
    blockedUrl: url(r['blocked-uri']),
    directive: text(r['effective-directive'] ?? r['violated-directive']),
    sourceFile: url(r['source-file']),
    line: int(r['line-number']),
    column: int(r['column-number']),
    sample: text(r['script-sample']),
    disposition: text(r['disposition']),
  };
}

/** A Reporting API entry's body (`report-to`): `{ documentURL, blockedURL, effectiveDirective, … }`. */
function fromReportTo(r: Json): CspViolation {
  return {
    documentUrl: url(r['documentURL']),
    blockedUrl: url(r['blockedURL']),
    directive: text(r['effectiveDirective']),
    sourceFile: url(r['sourceFile']),
    line: int(r['lineNumber']),
    column: int(r['columnNumber']),
    sample: text(r['sample']),
    disposition: text(r['disposition']),
  };
}

/**
 * Parses a violation report body in either format browsers send (`application/csp-report` from
 * report-uri, `application/reports+json` from report-to). Throws `unsupported_media_type` or
 * `bad_request`; never echoes the body.
 */
export function parseCspReports(contentType: string | null, body: string): CspViolation[] {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/csp-report' && type !== 'application/reports+json' && type !== 'application/json')
    throw new AppError('unsupported_media_type');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AppError('bad_request', 'The report is not valid JSON.');
  }
  if (isObject(parsed) && isObject(parsed['csp-report'])) return [fromReportUri(parsed['csp-report'])];
  if (Array.isArray(parsed))
    return parsed
      .filter((entry): entry is Json => isObject(entry) && entry['type'] === 'csp-violation' && isObject(entry['body']))
      .slice(0, MAX_REPORTS)
      .map((entry) => fromReportTo(entry['body'] as Json));
  throw new AppError('bad_request', 'The report is not a CSP violation report.');
}
