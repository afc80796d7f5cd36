/** Stripe's `redirect_status` for an intent status after confirmation or authentication. */
export function redirectStatus(status: string): 'succeeded' | 'processing' | 'failed' {
  if (status === 'succeeded' || status === 'requires_capture') return 'succeeded';
  if (status === 'processing') return 'processing';
  return 'failed';
}

/** `return_url` plus the query parameters Stripe appends: `payment_intent`, `…_client_secret`, `redirect_status` (or `setup_intent…`). */
export function returnUrlWithIntent(returnUrl: string, base: string, intentId: string, clientSecret: string, status: string): string {
  const url = new URL(returnUrl, base);
  const prefix = intentId.startsWith('seti_') ? 'setup_intent' : 'payment_intent';
  url.searchParams.append(prefix, intentId);
  url.searchParams.append(`${prefix}_client_secret`, clientSecret);
  url.searchParams.append('redirect_status', redirectStatus(status));
  return url.toString();
}
