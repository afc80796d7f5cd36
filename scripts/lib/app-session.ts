// An HTTP client for check scripts that attack or inspect a running app: a cookie jar, no
// automatic redirects (so every 3xx is seen), and sign-in through Auth.js's own endpoints.

export type Account = { email: string; password: string };

export type RequestOptions = { method?: string; headers?: Record<string, string>; body?: string | URLSearchParams };

/** One browser-like session against `baseUrl`. */
export class AppSession {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie line received, for checking cookie attributes. */
  readonly setCookies: string[] = [];

  constructor(readonly baseUrl: string) {}

  get origin(): string {
    return new URL(this.baseUrl).origin;
  }

  /** Sends a request with this session's cookies; state-changing requests carry our Origin like a browser's. */
  async request(path: string, options: RequestOptions = {}): Promise<Response> {
    const method = options.method ?? 'GET';
    const headers: Record<string, string> = {
      ...(method === 'GET' || method === 'HEAD' ? {} : { origin: this.origin }),
      ...options.headers,
    };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(new URL(path, this.baseUrl), { method, headers, body: options.body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /;\s*max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** The Set-Cookie line that last set cookie `name` (prefixes such as __Secure- included in `name`). */
  setCookieFor(predicate: (name: string) => boolean): string | undefined {
    return this.setCookies.findLast((line) => predicate(line.slice(0, line.indexOf('='))));
  }
}

/** Signs in with email and password through /api/auth/csrf and /api/auth/callback/credentials. */
export async function signIn(baseUrl: string, account: Account): Promise<AppSession> {
  const session = new AppSession(baseUrl);
  const csrf = await session.request('/api/auth/csrf');
  if (!csrf.ok) throw new Error(`GET /api/auth/csrf answered ${csrf.status}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await session.request('/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: account.email, password: account.password, csrfToken, callbackUrl: `${session.origin}/account` }),
  });
  const location = response.headers.get('location') ?? '';
  if (
    response.status !== 302 ||
    !location.endsWith('/account') ||
    ![...session.cookies.keys()].some((k) => k.includes('authjs.session-token'))
  )
    throw new Error(`sign-in as ${account.email} failed: ${response.status} → ${location || 'no redirect'}`);
  return session;
}
