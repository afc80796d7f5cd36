import { NextResponse, type NextRequest } from 'next/server';

// Gives every request an id (kept if a trusted proxy set one) and tells pages their path,
// so server code can log and redirect with them. Authorisation is NOT done here.
export function proxy(request: NextRequest) {
  const requestHeaders = new Headers(request.headers);
  const incoming = request.headers.get('x-request-id');
  const requestId = incoming && /^[A-Za-z0-9-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  requestHeaders.set('x-request-id', requestId);
  requestHeaders.set('x-pathname', request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('x-request-id', requestId);
  return response;
}

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };
