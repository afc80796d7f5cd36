import { requireAdmin } from '@/lib/auth/session';
import { readJson } from '@/lib/http/body';
import { guardMutation } from '@/lib/http/guard';
import { route } from '@/lib/http/handler';
import { idempotencyKeyOf, idempotent } from '@/lib/http/idempotency';
import { requestMeta } from '@/lib/http/request-meta';
import { idempotentResponse } from '@/lib/http/respond';
import { refundInput, requestRefund } from '@/lib/payments/refunds';

// Admins refund a payment in full or in part: 201 with the pending refund, or 202 with a request
// waiting for a second admin. The Idempotency-Key fixes the request id, and with it Stripe's key.
export const POST = route(async (request) => {
  const actor = await requireAdmin();
  await guardMutation(request, actor, 'refund');
  const key = idempotencyKeyOf(request);
  const input = await readJson(request, refundInput);
  const result = await idempotent({ userId: actor.id, key, scope: 'payments.refund', request: input }, async (requestId) => {
    const outcome = await requestRefund(actor, input, { requestId, request: requestMeta(request.headers) });
    return { status: outcome.refund ? 201 : 202, body: outcome };
  });
  return idempotentResponse(result);
});
