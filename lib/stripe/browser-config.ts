import 'server-only';
import { env } from '@/lib/env';
import { breakerFor, fallbackConfigured, type StripeAccount } from './accounts';

/** Handed to client components as a prop: the publishable key and, in emulator mode, the stand-in script URL. */
export function stripeBrowserConfig(account: StripeAccount = 'primary'): { publishableKey: string; scriptUrl: string | null } {
  const { stripe } = env();
  if (account === 'fallback') {
    if (!stripe.fallback) throw new Error('No fallback Stripe account is configured.');
    return {
      publishableKey: stripe.fallback.publishableKey,
      scriptUrl: stripe.mode === 'emulator' ? `${stripe.fallback.emulatorUrl}/v3/stripe.js` : null,
    };
  }
  return { publishableKey: stripe.publishableKey, scriptUrl: stripe.mode === 'emulator' ? `${stripe.emulatorUrl}/v3/stripe.js` : null };
}

export type CheckoutStripeConfig = {
  primary: ReturnType<typeof stripeBrowserConfig>;
  fallback: ReturnType<typeof stripeBrowserConfig> | null;
  /** The account a payment started now would go to, so the card form is mounted for it. */
  account: StripeAccount;
  /** Neither account takes payments right now (the page says so before the customer types a card). */
  unavailable: boolean;
};

/** What the checkout page needs to mount Stripe.js for the account that will take the payment. */
export function checkoutStripeConfig(): CheckoutStripeConfig {
  const fallback = fallbackConfigured() ? stripeBrowserConfig('fallback') : null;
  const primaryUp = breakerFor('primary').available();
  const fallbackUp = !!fallback && breakerFor('fallback').available();
  return {
    primary: stripeBrowserConfig('primary'),
    fallback,
    account: !primaryUp && fallbackUp ? 'fallback' : 'primary',
    unavailable: !primaryUp && !fallbackUp,
  };
}
