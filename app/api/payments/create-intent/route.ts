import { requireUser } from '@/lib/auth/session';
import { readJson } from '@/lib/http/body';
import { guardMutation } from '@/lib/http/guard';
import { route } from '@/lib/http/handler';
import { idempotencyKeyOf, idempotent } from '@/lib/http/idempotency';
import { requestMeta } from '@/lib/http/request-meta';
import { idempotentResponse } from '@/lib/http/respond';
import { createIntentInput, createPaymentIntent } from '@/lib/payments/intents';

export const POST = route(async (request) => {
  const user = await requireUser();
  await guardMutation(request, user, 'create-intent');
  const key = idempotencyKeyOf(request);
  const input = await readJson(request, createIntentInput);
  const result = await idempotent({ userId: user.id, key, scope: 'payments.create-intent', request: input }, async (paymentId) => ({
    status: 201,
    body: await createPaymentIntent(user, input, { paymentId, request: requestMeta(request.headers) }),
  }));
  return idempotentResponse(result);
});
