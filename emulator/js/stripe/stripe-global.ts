import { createStripe } from './stripe-instance';
import { IntegrationError } from './stripe-errors';

/** Filled in by the emulator when it serves this script, for pages where `document.currentScript` is unavailable. */
declare const SERVED_FROM_ORIGIN: string;

// The release train @stripe/stripe-js@10 expects; loadStripe warns on anything else.
const RELEASE_TRAIN = 'endive';

const script = document.currentScript;
const origin = script instanceof HTMLScriptElement && script.src ? new URL(script.src).origin : SERVED_FROM_ORIGIN;

// Constructor options (locale, apiVersion, stripeAccount) are accepted and have no effect on the emulator.
function Stripe(key: unknown): ReturnType<typeof createStripe> {
  if (typeof key !== 'string') {
    throw new IntegrationError(`Invalid value for Stripe(): apiKey should be a string. You specified: ${typeof key}.`);
  }
  if (/^(sk|rk)_/.test(key)) {
    throw new IntegrationError('You should not use your secret key with Stripe.js. Please pass a publishable key instead.');
  }
  if (!key.startsWith('pk_'))
    throw new IntegrationError(`Invalid value for Stripe(): apiKey should be a publishable key. You specified: ${key}.`);
  return createStripe(key, origin);
}
Stripe.version = RELEASE_TRAIN;

// Defined like js.stripe.com does; the stripe-js typings describe the real constructor, not this stand-in.
Object.defineProperty(window, 'Stripe', { value: Stripe, writable: true, configurable: true });
