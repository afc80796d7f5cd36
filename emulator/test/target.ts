// Where the contract suite runs: the emulator (default) or real Stripe test mode when
// STRIPE_CONTRACT_SECRET_KEY is set. Every contract file prints which one it used.
import Stripe from 'stripe';
import { startEmulator, type EmulatorHandle } from '../server';

export interface Target {
  kind: 'emulator' | 'stripe';
  stripe: Stripe;
  /** For publishable-key calls (Stripe.js's role). */
  publishableKey: string;
  apiBase: string;
  emulator: EmulatorHandle | null;
  close(): Promise<void>;
}

/** Test-only access to the environment: the emulator itself never reads process.env. */
const secret = process.env.STRIPE_CONTRACT_SECRET_KEY;
const publishable = process.env.STRIPE_CONTRACT_PUBLISHABLE_KEY;

export const isRealStripe = Boolean(secret);

export function emulatorClient(url: string, opts: { maxNetworkRetries?: number; timeout?: number } = {}): Stripe {
  const u = new URL(url);
  return new Stripe('sk_test_emulator', {
    host: u.hostname,
    port: Number(u.port),
    protocol: 'http',
    maxNetworkRetries: opts.maxNetworkRetries ?? 0,
    timeout: opts.timeout,
  });
}

export async function contractTarget(file: string): Promise<Target> {
  if (secret) {
    if (!secret.startsWith('sk_test_') && !secret.startsWith('rk_test_'))
      throw new Error('STRIPE_CONTRACT_SECRET_KEY must be a test-mode key');
    if (!publishable?.startsWith('pk_test_'))
      throw new Error('STRIPE_CONTRACT_PUBLISHABLE_KEY (pk_test_…) is required with STRIPE_CONTRACT_SECRET_KEY');
    process.stdout.write(`[contract] ${file}: target = real Stripe test mode (key …${secret.slice(-4)})\n`);
    return {
      kind: 'stripe',
      stripe: new Stripe(secret, { maxNetworkRetries: 2 }),
      publishableKey: publishable,
      apiBase: 'https://api.stripe.com',
      emulator: null,
      close: async () => undefined,
    };
  }
  const emulator = await startEmulator({ port: 0, retrySchedule: [50, 100, 200] });
  process.stdout.write(`[contract] ${file}: target = Stripe emulator (${emulator.url})\n`);
  return {
    kind: 'emulator',
    stripe: emulatorClient(emulator.url),
    publishableKey: 'pk_test_emulator',
    apiBase: emulator.url,
    emulator,
    close: () => emulator.stop(),
  };
}

/** Polls until `fn` returns a value (real Stripe is eventually consistent; the emulator is not). */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A form POST with a publishable key, the way Stripe.js calls the API from the browser. */
export async function browserPost(
  t: Target,
  path: string,
  params: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${t.apiBase}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...params, key: t.publishableKey }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Creates a card PaymentMethod from raw card details with the publishable key (what the card field does). */
export async function cardPaymentMethod(
  t: Target,
  number: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const year = String(new Date().getUTCFullYear() + 2);
  return browserPost(t, '/v1/payment_methods', {
    type: 'card',
    'card[number]': number,
    'card[exp_month]': '12',
    'card[exp_year]': year,
    'card[cvc]': '123',
    ...extra,
  });
}

export async function waitForClock(stripe: Stripe, id: string, timeoutMs = 120_000): Promise<Stripe.TestHelpers.TestClock> {
  return eventually(
    async () => {
      const clock = await stripe.testHelpers.testClocks.retrieve(id);
      if (clock.status === 'internal_failure') throw new Error(`test clock ${id} failed`);
      return clock.status === 'ready' ? clock : null;
    },
    timeoutMs,
    250,
  );
}

/** Returns the error a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}
