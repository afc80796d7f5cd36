import 'server-only';
import type { RequestMeta } from '@/lib/audit';

/** Who sent a request, for the audit log: client IP (as our proxy chain reports it), user agent, request id. */
export function requestMeta(headers: Headers): RequestMeta {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return {
    ip: forwarded || headers.get('x-real-ip') || null,
    userAgent: headers.get('user-agent'),
    requestId: headers.get('x-request-id'),
  };
}
