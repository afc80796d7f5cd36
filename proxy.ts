import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { actionBodyTooLarge, oversizedActionBody } from '@/lib/security/action-body-limit';
import { logger } from '@/lib/log/logger';
import { FORWARDING_HEADERS } from '@/lib/security/client-ip';
import { NONCE_HEADER, createNonce, securityHeaders } from '@/lib/security/headers';
import { checkOrigin, crossSiteError, isOriginExempt } from '@/lib/security/origin';

// Auth.js's session cookie, with the __Secure- prefix in production and .0, .1… when chunked.
const isSessionCookie = (name: string) => {
  const base = name.replace(/^__Secure-/, '');
  return base === 'authjs.session-token' || /^authjs\.session-token\.\d+$/.test(base);
};

// Gives every request an id, a CSP nonce and the security headers, and refuses cross-site
// state-changing requests (server actions included) early. Authorisation is NOT done here: the
// service layer checks it, because a proxy can be bypassed (CVE-2025-29927).
export function proxy(request: NextRequest) {
  const e = env();
  const requestHeaders = new Headers(request.headers);
  const incoming = request.headers.get('x-request-id');
  const requestId = incoming && /^[A-Za-z0-9-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  requestHeaders.set('x-request-id', requestId);
  requestHeaders.set('x-pathname', request.nextUrl.pathname + request.nextUrl.search);
  // With no trusted proxy these came from the client; dropped, Next.js refills them from the socket.
  if (e.trustProxyHops === 0) for (const name of FORWARDING_HEADERS) requestHeaders.delete(name);

  const path = request.nextUrl.pathname;
  const nonce = createNonce();
  const signedIn = request.cookies.getAll().some((c) => isSessionCookie(c.name));
  const headers = securityHeaders({ nonce, noStore: path.startsWith('/api/') || signedIn }, e);

  const verdict = isOriginExempt(path) ? { ok: true as const } : checkOrigin(request.method, request.headers);
  let response: NextResponse;
  if (!verdict.ok) {
    const origin = request.headers.get('origin')?.slice(0, 200);
    logger.warn({ requestId, method: request.method, path, origin, reason: verdict.reason }, 'cross-site request refused');
    const error = crossSiteError();
    response = NextResponse.json(
      { error: { code: error.code, message: error.message } },
      { status: error.status, headers: { 'Cache-Control': 'no-store' } },
    );
  } else if (oversizedActionBody(request.method, request.headers)) {
    const error = actionBodyTooLarge();
    response = NextResponse.json(
      { error: { code: error.code, message: error.message } },
      { status: error.status, headers: { 'Cache-Control': 'no-store' } },
    );
  } else {
    // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
    requestHeaders.set(NONCE_HEADER, nonce);
    requestHeaders.set('content-security-policy', headers['Content-Security-Policy']);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set('x-request-id', requestId);
  return response;
}

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };
