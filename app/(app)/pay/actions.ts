'use server';

import { headers } from 'next/headers';
import { z } from 'zod';
import { requireUser } from '@/lib/auth/session';
import { asAppError } from '@/lib/errors';
import { idempotent } from '@/lib/http/idempotency';
import { requestMeta } from '@/lib/http/request-meta';
import { consume } from '@/lib/security/rate-limit';
import { confirmWithSavedMethod, createPaymentIntent, type CreateIntentInput, type IntentResult } from '@/lib/payments/intents';

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; fields?: Record<string, string[]> } };

const keySchema = z.uuid();

// Server actions answer with a result object: a thrown error would reach the browser as a generic failure.
async function attempt<T>(fn: () => Promise<{ status: number; body: unknown }>): Promise<ActionResult<T>> {
  try {
    const { status, body } = await fn();
    if (status < 400) return { ok: true, data: body as T };
    return { ok: false, error: (body as { error: { code: string; message: string; fields?: Record<string, string[]> } }).error };
  } catch (error) {
    const e = asAppError(error);
    return { ok: false, error: { code: e.code, message: e.message, fields: e.details?.fields } };
  }
}

/** Starts (or, with the same key, returns) the payment of the checkout form. */
export async function createPaymentAction(input: CreateIntentInput, idempotencyKey: string): Promise<ActionResult<IntentResult>> {
  return attempt(async () => {
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
export async function payWithSavedCardAction(paymentId: string, paymentMethodId: string, idempotencyKey: string): Promise<ActionResult<IntentResult>> {
  return attempt(async () => {
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
