'use client';

import type { Stripe } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';

/** What the server tells the browser about Stripe: the publishable key and, in emulator mode, the stand-in script. */
export type StripeBrowserConfig = { publishableKey: string; scriptUrl: string | null };

let loading: Promise<Stripe | null> | undefined;

/** Adds a script tag for `src`; resolves once it has run. */
export function injectScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('Stripe.js could not be loaded.'));
    document.head.appendChild(script);
  });
}

/**
 * Loads Stripe.js once. With real Stripe, `loadStripe` fetches it from js.stripe.com; in emulator
 * mode the emulator's stand-in defines `window.Stripe` first, so `loadStripe` reuses it.
 */
export function getStripe(config: StripeBrowserConfig): Promise<Stripe | null> {
  // Server rendering: Elements renders nothing until the browser has Stripe.js.
  if (typeof window === 'undefined') return Promise.resolve(null);
  loading ??= (async () => {
    if (config.scriptUrl && !('Stripe' in window)) await injectScript(config.scriptUrl);
    return loadStripe(config.publishableKey);
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
