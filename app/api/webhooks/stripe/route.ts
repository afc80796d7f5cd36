import { readText } from '@/lib/http/body';
import { route } from '@/lib/http/handler';
import { clientIp } from '@/lib/security/client-ip';
import { consume } from '@/lib/security/rate-limit';
import { storeEvent } from '@/lib/webhooks/inbox';
import { webhookSecrets } from '@/lib/webhooks/secrets';
import { verifyStripeEvent } from '@/lib/webhooks/verify';

// Raw body → verify → store once + enqueue → 200. No business logic runs in the request,
// and every verified event gets a 200 (even types we ignore), so Stripe never disables us.
export const POST = route(async (request) => {
  // Per IP and generous: Stripe sends bursts; a flood of forged deliveries is cut off before verification.
  await consume('webhook', { ip: clientIp(request.headers) });
  const raw = await readText(request, 1024 * 1024);
  const event = verifyStripeEvent(raw, request.headers.get('stripe-signature'), await webhookSecrets());
  const stored = await storeEvent(event);
  return Response.json({ received: true, duplicate: !stored });
});
