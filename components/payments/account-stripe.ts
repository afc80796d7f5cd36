'use client';

import type { Stripe } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { getStripe, injectScript, type StripeBrowserConfig } from '@/components/stripe/load-stripe';
import type { PaymentAccount } from './types';

const fallbacks = new Map<string, Promise<Stripe | null>>();

// The emulator plays each account with its own server, and each serves a stand-in that binds to
// its own origin: load the fallback's script, keep its constructor, and put the previous one back.
async function emulatorConstructor(src: string): Promise<NonNullable<Window['Stripe']>> {
  const previous = window.Stripe;
  await injectScript(src);
  const loaded = window.Stripe;
  window.Stripe = previous;
  if (loaded && loaded !== previous) return loaded;
  throw new Error('Stripe.js could not be loaded.');
}

/**
 * Stripe.js bound to the account that takes the payment: card details typed into one account's
 * Elements can only be confirmed by that account. The primary is the page's usual instance; with
 * real Stripe the fallback is another instance from the same js.stripe.com, keyed by its own
 * publishable key.
 */
export function stripeForAccount(account: PaymentAccount, config: StripeBrowserConfig): Promise<Stripe | null> {
  if (account === 'primary') return getStripe(config);
  if (typeof window === 'undefined') return Promise.resolve(null);
  let found = fallbacks.get(config.publishableKey);
  if (!found) {
    found = (
      config.scriptUrl
        ? emulatorConstructor(config.scriptUrl).then((ctor) => ctor(config.publishableKey))
        : loadStripe(config.publishableKey)
    ).catch((error: unknown) => {
      fallbacks.delete(config.publishableKey);
      throw error;
    });
    fallbacks.set(config.publishableKey, found);
  }
  return found;
}
