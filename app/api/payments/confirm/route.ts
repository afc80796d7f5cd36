import { z } from 'zod';
import { requireUser } from '@/lib/auth/session';
import { readJson } from '@/lib/http/body';
import { guardMutation } from '@/lib/http/guard';
import { route } from '@/lib/http/handler';
import { idempotencyKeyOf, idempotent } from '@/lib/http/idempotency';
import { requestMeta } from '@/lib/http/request-meta';
import { idempotentResponse } from '@/lib/http/respond';
import { confirmWithSavedMethod } from '@/lib/payments/intents';

const confirmInput = z.strictObject({ paymentId: z.uuid(), paymentMethodId: z.string().trim().min(1).max(255) });

export const POST = route(async (request) => {
  const user = await requireUser();
  await guardMutation(request, user, 'confirm');
  const key = idempotencyKeyOf(request);
  const input = await readJson(request, confirmInput);
  const result = await idempotent({ userId: user.id, key, scope: 'payments.confirm', request: input }, async (attemptId) => ({
    status: 200,
    body: await confirmWithSavedMethod(user, input.paymentId, input.paymentMethodId, { attemptId, request: requestMeta(request.headers) }),
  }));
  return idempotentResponse(result);
});
