import 'server-only';
import { headers } from 'next/headers';
import { NONCE_HEADER } from './headers';

/**
 * This request's CSP nonce, for a server component that renders its own `<script>` (e.g. the
 * emulator's Stripe.js stand-in). Next.js puts it on its own scripts by itself. Reading it makes
 * the page dynamic, which nonces require anyway.
 */
export async function cspNonce(): Promise<string | undefined> {
  return (await headers()).get(NONCE_HEADER) ?? undefined;
}
