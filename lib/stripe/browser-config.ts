import 'server-only';
import { env } from '@/lib/env';

/** Handed to client components as a prop: the publishable key and, in emulator mode, the stand-in script URL. */
export function stripeBrowserConfig(): { publishableKey: string; scriptUrl: string | null } {
  const { stripe } = env();
  return { publishableKey: stripe.publishableKey, scriptUrl: stripe.mode === 'emulator' ? `${stripe.emulatorUrl}/v3/stripe.js` : null };
}
