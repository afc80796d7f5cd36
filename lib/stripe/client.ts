import 'server-only';
import Stripe from 'stripe';
import { env } from '@/lib/env';
import { logger } from '@/lib/log/logger';
import type { StripeAccount } from './accounts';

const globalForStripe = globalThis as unknown as { paydeckStripe?: Stripe; paydeckStripeFallback?: Stripe };

function emulatorSeam(emulatorUrl: string): Stripe.StripeConfig {
  const url = new URL(emulatorUrl);
  return { host: url.hostname, port: Number(url.port || 80), protocol: url.protocol === 'https:' ? 'https' : 'http' };
}

function create(secretKey: string, emulatorUrl: string | undefined, account: StripeAccount): Stripe {
  const { stripe: config } = env();
  const client = new Stripe(secretKey, {
    ...(config.mode === 'emulator' && emulatorUrl ? emulatorSeam(emulatorUrl) : {}),
    maxNetworkRetries: config.maxNetworkRetries,
    timeout: config.timeoutMs,
    appInfo: { name: 'Paydeck', version: '0.1.0' },
  });
  // Every Stripe request id lands in our logs, next to our own request id.
  client.on('response', (r: Stripe.ResponseEvent) =>
    logger.debug(
      { account, stripeRequestId: r.request_id, method: r.method, path: r.path, status: r.status, ms: r.elapsed },
      'stripe response',
    ),
  );
  return client;
}

/** The Stripe SDK client of an account (the primary by default); in emulator mode it talks to the in-repo emulator over HTTP. */
export function stripe(account: StripeAccount = 'primary'): Stripe {
  const { stripe: config } = env();
  if (account === 'fallback') {
    if (!config.fallback) throw new Error('No fallback Stripe account is configured (STRIPE_FALLBACK_SECRET_KEY).');
    globalForStripe.paydeckStripeFallback ??= create(config.fallback.secretKey, config.fallback.emulatorUrl, 'fallback');
    return globalForStripe.paydeckStripeFallback;
  }
  globalForStripe.paydeckStripe ??= create(config.secretKey, config.emulatorUrl, 'primary');
  return globalForStripe.paydeckStripe;
}

/** Scripts and tests that point lib/ at another Stripe (or emulator) drop the cached clients. */
export function resetStripeClients(): void {
  globalForStripe.paydeckStripe = undefined;
  globalForStripe.paydeckStripeFallback = undefined;
}
