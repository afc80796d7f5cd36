import 'server-only';
import Stripe from 'stripe';
import { env } from '@/lib/env';
import { logger } from '@/lib/log/logger';

const globalForStripe = globalThis as unknown as { paydeckStripe?: Stripe };

function emulatorSeam(emulatorUrl: string): Stripe.StripeConfig {
  const url = new URL(emulatorUrl);
  return { host: url.hostname, port: Number(url.port || 80), protocol: url.protocol === 'https:' ? 'https' : 'http' };
}

/** The one Stripe SDK client; in emulator mode it talks to the in-repo emulator over HTTP. */
export function stripe(): Stripe {
  if (!globalForStripe.paydeckStripe) {
    const { stripe: config } = env();
    const client = new Stripe(config.secretKey, {
      ...(config.mode === 'emulator' ? emulatorSeam(config.emulatorUrl) : {}),
      maxNetworkRetries: config.maxNetworkRetries,
      timeout: config.timeoutMs,
      appInfo: { name: 'Paydeck', version: '0.1.0' },
    });
    // Every Stripe request id lands in our logs, next to our own request id.
    client.on('response', (r: Stripe.ResponseEvent) => logger.debug({ stripeRequestId: r.request_id, method: r.method, path: r.path, status: r.status, ms: r.elapsed }, 'stripe response'));
    globalForStripe.paydeckStripe = client;
  }
  return globalForStripe.paydeckStripe;
}
