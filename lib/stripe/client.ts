import 'server-only';
import Stripe from 'stripe';
import { env } from '@/lib/env';

const globalForStripe = globalThis as unknown as { paydeckStripe?: Stripe };

/** The one Stripe SDK client; in emulator mode it talks to the in-repo emulator over HTTP. */
export function stripe(): Stripe {
  if (!globalForStripe.paydeckStripe) {
    const { stripe: config } = env();
    const seam: Stripe.StripeConfig =
      config.mode === 'emulator'
        ? (() => {
            const url = new URL(config.emulatorUrl);
            return { host: url.hostname, port: Number(url.port || 80), protocol: url.protocol === 'https:' ? 'https' : 'http' };
          })()
        : {};
    globalForStripe.paydeckStripe = new Stripe(config.secretKey, {
      ...seam,
      maxNetworkRetries: 2,
      timeout: 10_000,
      appInfo: { name: 'Paydeck', version: '0.1.0' },
    });
  }
  return globalForStripe.paydeckStripe;
}
