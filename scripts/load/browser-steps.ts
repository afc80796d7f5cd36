// What the browser does besides talking to our app: sign in through Auth.js, confirm a
// PaymentIntent at Stripe with the publishable key and client secret exactly as Stripe.js does
// (create the card PaymentMethod, then confirm), and call Next.js server actions over their wire
// protocol (the same requests React sends when a form calls an action).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VirtualUser, formBody } from './http';

/** Auth.js credentials sign-in: GET /api/auth/csrf, then POST the form; success is a 302 with a session cookie. */
export async function signIn(vu: VirtualUser, email: string, password: string): Promise<boolean> {
  const csrf = await vu.call('GET /api/auth/csrf', '/api/auth/csrf');
  const token = VirtualUser.json<{ csrfToken: string }>(csrf)?.csrfToken;
  if (!token) return false;
  const reply = await vu.call('POST /api/auth/callback/credentials', '/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, csrfToken: token, callbackUrl: `${vu.origin}/account` }).toString(),
    expect: [302],
  });
  return reply.status === 302 && [...vu.cookies.keys()].some((k) => k.includes('authjs.session-token'));
}

export type Confirmed = { ok: boolean; status: string | null };

/**
 * Stripe.js `confirmPayment` / `confirmSetup` with the card the customer typed: POST
 * /v1/payment_methods with the card fields, then POST /v1/{payment,setup}_intents/:id/confirm
 * with the client secret — both with the publishable key, to the Stripe (emulator) origin of the
 * account that took the payment.
 */
export async function confirmAtStripe(
  vu: VirtualUser,
  stripeOrigin: string,
  publishableKey: string,
  clientSecret: string,
  kind: 'payment' | 'setup' = 'payment',
): Promise<Confirmed> {
  const method = await vu.call('stripe.js POST /v1/payment_methods', `${stripeOrigin}/v1/payment_methods`, {
    method: 'POST',
    external: true,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: formBody({
      key: publishableKey,
      type: 'card',
      card: { number: '4242424242424242', exp_month: 12, exp_year: 2034, cvc: '123' },
      billing_details: { address: { postal_code: '42424' } },
    }),
  });
  const pm = VirtualUser.json<{ id?: string }>(method)?.id;
  if (!pm) return { ok: false, status: null };
  const id = clientSecret.split('_secret_')[0]!;
  const path = kind === 'payment' ? 'payment_intents' : 'setup_intents';
  const confirmed = await vu.call(`stripe.js POST /v1/${path}/:id/confirm`, `${stripeOrigin}/v1/${path}/${id}/confirm`, {
    method: 'POST',
    external: true,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: formBody({
      key: publishableKey,
      client_secret: clientSecret,
      payment_method: pm,
      use_stripe_sdk: true,
      return_url: `${vu.origin}/payments`,
    }),
  });
  const status = VirtualUser.json<{ status?: string }>(confirmed)?.status ?? null;
  return { ok: confirmed.status === 200 && (status === 'succeeded' || status === 'processing'), status };
}

type ManifestEntry = { workers: Record<string, unknown>; exportedName?: string };

/** Server action ids by exported name, for the actions a page uses (from the build's server-reference manifest). */
export function actionIds(distDir: string, page: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(distDir, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, ManifestEntry>;
  };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) if (entry.exportedName && page in entry.workers) ids.set(entry.exportedName, id);
  return ids;
}

/**
 * Calls a server action the way React does: POST to the page with `Next-Action: <id>` and the
 * JSON-encoded argument list; the answer is React's flight format, whose row `1:` holds the
 * action's return value.
 */
export async function callAction<T>(
  vu: VirtualUser,
  endpoint: string,
  pagePath: string,
  actionId: string,
  args: unknown[],
): Promise<T | null> {
  const reply = await vu.call(endpoint, pagePath, {
    method: 'POST',
    headers: { 'next-action': actionId, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component' },
    body: JSON.stringify(args),
  });
  if (reply.status !== 200) return null;
  const row = reply.text.split('\n').find((line) => line.startsWith('1:'));
  if (!row) return null;
  try {
    return JSON.parse(row.slice(2)) as T;
  } catch {
    return null;
  }
}
