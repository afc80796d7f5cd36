'use server';

import { headers } from 'next/headers';
import { z } from 'zod';
import { requireUser } from '@/lib/auth/session';
import { actionResult, type ActionResult } from '@/lib/http/action-result';
import { idempotent } from '@/lib/http/idempotency';
import { requestMeta } from '@/lib/http/request-meta';
import { consume } from '@/lib/security/rate-limit';
import { confirmWithSavedMethod, createPaymentIntent, type CreateIntentInput, type IntentResult } from '@/lib/payments/intents';

const keySchema = z.uuid();

/** Starts (or, with the same key, returns) the payment of the checkout form. */
export async function createPaymentAction(input: CreateIntentInput, idempotencyKey: string): Promise<ActionResult<IntentResult>> {
  return actionResult(async () => {
    const user = await requireUser();
    const key = keySchema.parse(idempotencyKey);
    const meta = requestMeta(await headers());
    await consume('create-intent', { ip: meta.ip, user: user.id });
    return idempotent({ userId: user.id, key, scope: 'payments.create-intent', request: input }, async (paymentId) => ({
      status: 201,
      body: await createPaymentIntent(user, input, { paymentId, request: meta }),
    }));
  });
}

/** Confirms a payment with a saved card (one-click pay). */
export async function payWithSavedCardAction(
  paymentId: string,
  paymentMethodId: string,
  idempotencyKey: string,
): Promise<ActionResult<IntentResult>> {
  return actionResult(async () => {
    const user = await requireUser();
    const key = keySchema.parse(idempotencyKey);
    const meta = requestMeta(await headers());
    await consume('confirm', { ip: meta.ip, user: user.id });
    return idempotent({ userId: user.id, key, scope: 'payments.confirm', request: { paymentId, paymentMethodId } }, async (attemptId) => ({
      status: 200,
      body: await confirmWithSavedMethod(user, paymentId, paymentMethodId, { attemptId, request: meta }),
    }));
  });
}
