'use client';

import type { Stripe } from '@stripe/stripe-js';

/** Runs the bank's 3-D Secure challenge for a payment Stripe left in `requires_action`; returns an error message or null. */
export async function authenticatePayment(stripePromise: Promise<Stripe | null>, clientSecret: string): Promise<string | null> {
  const stripe = await stripePromise;
  if (!stripe) return 'Secure payments could not be loaded. Please reload the page.';
  const result = await stripe.handleNextAction({ clientSecret });
  if (result.error) return result.error.message ?? 'The payment could not be authenticated.';
  const status = 'paymentIntent' in result ? result.paymentIntent?.status : undefined;
  return status === 'succeeded' || status === 'processing' ? null : 'The payment was not completed. Please try another card.';
}
