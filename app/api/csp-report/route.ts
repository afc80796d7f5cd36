import { route } from '@/lib/http/handler';
import { logger } from '@/lib/log/logger';
import { clientIp } from '@/lib/security/client-ip';
import { CSP_REPORT_MAX_BYTES, parseCspReports } from '@/lib/security/csp-report';
import { consume } from '@/lib/security/rate-limit';
import { readText } from '@/lib/http/body';

// Browsers post CSP violations here (report-uri and report-to). Exempt from the Origin check
// (see ORIGIN_EXEMPT_ROUTES): it changes nothing but the log, and is rate-limited per IP.
export const POST = route(async (request) => {
  await consume('csp-report', { ip: clientIp(request.headers) });
  const violations = parseCspReports(request.headers.get('content-type'), await readText(request, CSP_REPORT_MAX_BYTES));
  for (const violation of violations)
    logger.warn({ csp: violation, userAgent: request.headers.get('user-agent')?.slice(0, 200) }, 'csp violation');
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
});
