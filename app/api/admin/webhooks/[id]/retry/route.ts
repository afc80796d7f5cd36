import { retryWebhookEvent } from '@/lib/admin/webhooks';
import { requireAdmin } from '@/lib/auth/session';
import { route } from '@/lib/http/handler';
import { requestMeta } from '@/lib/http/request-meta';
import { privateJson } from '@/lib/http/respond';
import { assertSameOrigin } from '@/lib/security/origin';

export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = await requireAdmin();
  assertSameOrigin(request);
  return privateJson(await retryWebhookEvent(actor, (await params).id, { request: requestMeta(request.headers) }), 202);
});
