// Runs a route handler or a server action the way Next.js does for a real request: inside the
// work and request stores Next.js creates (so `headers()`, `cookies()` and Auth.js's `auth()` read
// this request), with an optional genuine Auth.js session cookie. Nothing is mocked.
import { randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { workAsyncStorage } from 'next/dist/server/app-render/work-async-storage.external';
import { workUnitAsyncStorage } from 'next/dist/server/app-render/work-unit-async-storage.external';
import { createRequestStoreForAPI } from 'next/dist/server/async-storage/request-store';
import { createWorkStore } from 'next/dist/server/async-storage/work-store';
import { env } from '@/lib/env';

type WorkContext = Parameters<typeof createWorkStore>[0];
type ApiRequest = Parameters<typeof createRequestStoreForAPI>[0];
type ImplicitTags = Parameters<typeof createRequestStoreForAPI>[2];

/** Development and tests use the unprefixed Auth.js cookie (no `__Secure-`, since not production). */
const SESSION_COOKIE = 'authjs.session-token';

/** A session cookie Auth.js itself will accept for `userId` (the JWT strategy, signed with AUTH_SECRET). */
export async function sessionCookie(userId: string): Promise<string> {
  const token = await encode({
    token: { sub: userId, name: 'Fuzz', email: null },
    secret: env().auth.secret,
    salt: SESSION_COOKIE,
    maxAge: 3600,
  });
  return `${SESSION_COOKIE}=${token}`;
}

/** Runs `fn` as Next.js runs a route handler for `request`. */
export async function inRequestScope<T>(request: Request, fn: () => Promise<T>): Promise<T> {
  const url = new URL(request.url);
  const work = createWorkStore({
    page: `${url.pathname}/route`,
    renderOpts: {
      cacheLifeProfiles: {},
      staticPageGenerationTimeout: 60,
      cacheComponents: false,
      experimental: { isRoutePPREnabled: false, authInterrupts: true },
    },
    isPrefetchRequest: false,
    buildId: 'fuzz',
    previouslyRevalidatedTags: [],
  } as unknown as WorkContext);
  const tags = { tags: [], expirationsByCacheKind: new Map() } as unknown as ImplicitTags;
  const unit = createRequestStoreForAPI(
    { headers: Object.fromEntries(request.headers) } as unknown as ApiRequest,
    { pathname: url.pathname, search: url.search },
    tags,
    undefined,
    undefined,
    undefined,
  );
  return workAsyncStorage.run(work, () => workUnitAsyncStorage.run(unit, fn));
}

export type Caller = { userId?: string; ip?: string; origin?: string | null; headers?: Record<string, string> };

/** A request to our app as a browser would send it: same-origin Origin, a client IP, a session cookie when `userId` is given. */
export async function appRequest(
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string> },
  caller: Caller = {},
): Promise<Request> {
  const app = env().appUrl;
  const headers: Record<string, string> = {
    host: new URL(app).host,
    'x-forwarded-for': caller.ip ?? `198.18.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 254) + 1}`,
    'x-request-id': randomUUID(),
    ...(caller.origin === null ? {} : { origin: caller.origin ?? new URL(app).origin }),
    ...(caller.userId ? { cookie: await sessionCookie(caller.userId) } : {}),
    ...init.headers,
    ...caller.headers,
  };
  return new Request(new URL(path, app), { method: init.method ?? 'GET', headers, body: init.body });
}

/** Calls a route handler for `request` inside a request scope. */
export function callRoute<C>(
  handler: (request: Request, context: C) => Promise<Response>,
  request: Request,
  context: C,
): Promise<Response> {
  return inRequestScope(request, () => handler(request, context));
}
