import 'server-only';
import type { RequestMeta } from '@/lib/audit';
import { clientIp } from '@/lib/security/client-ip';

/** Who sent a request, for the audit log: client IP (through trusted proxies only), user agent, request id. */
export function requestMeta(headers: Headers): RequestMeta {
  return { ip: clientIp(headers), userAgent: headers.get('user-agent'), requestId: headers.get('x-request-id') };
}
