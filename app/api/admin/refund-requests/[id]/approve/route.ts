import { requireAdmin } from '@/lib/auth/session';
import { guardMutation } from '@/lib/http/guard';
import { route } from '@/lib/http/handler';
import { requestMeta } from '@/lib/http/request-meta';
import { privateJson } from '@/lib/http/respond';
import { approveRefundRequest } from '@/lib/payments/refunds';

// A second admin approves a refund request; the request id keys the Stripe call, so a repeat is a 409, never a second refund.
export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = await requireAdmin();
  await guardMutation(request, actor, 'refund');
  return privateJson(await approveRefundRequest(actor, (await params).id, { request: requestMeta(request.headers) }), 201);
});
