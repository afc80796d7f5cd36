import { requireAdmin } from '@/lib/auth/session';
import { guardMutation } from '@/lib/http/guard';
import { route } from '@/lib/http/handler';
import { requestMeta } from '@/lib/http/request-meta';
import { privateJson } from '@/lib/http/respond';
import { rejectRefundRequest } from '@/lib/payments/refunds';

export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = await requireAdmin();
  await guardMutation(request, actor, 'refund');
  return privateJson(await rejectRefundRequest(actor, (await params).id, { request: requestMeta(request.headers) }));
});
