import { backfillInput, backfillWebhookEvents } from '@/lib/admin/webhook-backfill';
import { requireAdmin } from '@/lib/auth/session';
import { readJson } from '@/lib/http/body';
import { route } from '@/lib/http/handler';
import { requestMeta } from '@/lib/http/request-meta';
import { privateJson } from '@/lib/http/respond';
import { assertSameOrigin } from '@/lib/security/origin';

// Ingests the events Stripe failed to deliver in a window; storing is idempotent by event id, so a repeat is harmless.
export const POST = route(async (request) => {
  const actor = await requireAdmin();
  assertSameOrigin(request);
  const input = await readJson(request, backfillInput.in);
  return privateJson(await backfillWebhookEvents(actor, input, { request: requestMeta(request.headers) }));
});
