'use server';

import { headers } from 'next/headers';
import { z } from 'zod';
import type { User } from '@/db/schema';
import type { RequestMeta } from '@/lib/audit';
import { requireUser } from '@/lib/auth/session';
import { finishCardUpdate, startCardUpdate, type CardUpdateResult } from '@/lib/billing/card';
import { cancelAtPeriodEnd, resumeSubscription } from '@/lib/billing/cancellation';
import {
  changePlan,
  previewPlanChange,
  type PlanChangeInput,
  type PlanChangePreview,
  type PlanChangeResult,
} from '@/lib/billing/change-plan';
import type { InvoicePaymentOutcome } from '@/lib/billing/invoice-payment';
import { openInvoicePayment, refreshSubscription } from '@/lib/billing/overview';
import { startSubscription, type StartResult } from '@/lib/billing/start';
import type { SubscriptionView } from '@/lib/billing/views';
import { actionResult, type ActionResult } from '@/lib/http/action-result';
import { idempotent } from '@/lib/http/idempotency';
import { requestMeta } from '@/lib/http/request-meta';
import { consume } from '@/lib/security/rate-limit';

const keySchema = z.uuid();
const idSchema = z.string().trim().min(1).max(255);

async function signedIn(): Promise<{ user: User; meta: RequestMeta }> {
  const user = await requireUser();
  const meta = requestMeta(await headers());
  await consume('subscription', { ip: meta.ip, user: user.id });
  return { user, meta };
}

/** A state-changing action: rate-limited, and run once per Idempotency-Key (a double click replays the answer). */
function mutate<T>(
  scope: string,
  key: string,
  request: unknown,
  run: (ctx: { user: User; meta: RequestMeta; requestId: string }) => Promise<T>,
): Promise<ActionResult<T>> {
  return actionResult(async () => {
    const { user, meta } = await signedIn();
    return idempotent({ userId: user.id, key: keySchema.parse(key), scope, request }, async (requestId) => ({
      status: 200,
      body: await run({ user, meta, requestId }),
    }));
  });
}

function read<T>(run: (user: User) => Promise<T>): Promise<ActionResult<T>> {
  return actionResult(async () => {
    const { user } = await signedIn();
    return { status: 200, body: await run(user) };
  });
}

/** Starts (or resumes) the checkout of a plan: the client secret the Payment Element confirms. */
export async function startSubscriptionAction(priceId: string, key: string): Promise<ActionResult<StartResult>> {
  return mutate('billing.subscribe', key, { priceId }, ({ user, meta }) =>
    startSubscription(user, idSchema.parse(priceId), { request: meta }),
  );
}

/** The proration preview shown before a plan change is confirmed. */
export async function previewPlanChangeAction(subscriptionId: string, priceId: string): Promise<ActionResult<PlanChangePreview>> {
  return read((user) => previewPlanChange(user, idSchema.parse(subscriptionId), idSchema.parse(priceId)));
}

/** Confirms a previewed plan change. */
export async function changePlanAction(
  subscriptionId: string,
  input: PlanChangeInput,
  key: string,
): Promise<ActionResult<PlanChangeResult>> {
  return mutate('billing.change-plan', key, { subscriptionId, input }, ({ user, meta, requestId }) =>
    changePlan(user, idSchema.parse(subscriptionId), input, { requestId, request: meta }),
  );
}

/** Cancels at the end of the paid period. */
export async function cancelSubscriptionAction(subscriptionId: string, key: string): Promise<ActionResult<SubscriptionView>> {
  return mutate('billing.cancel', key, { subscriptionId }, ({ user, meta, requestId }) =>
    cancelAtPeriodEnd(user, idSchema.parse(subscriptionId), { requestId, request: meta }),
  );
}

/** Takes back a scheduled cancellation. */
export async function resumeSubscriptionAction(subscriptionId: string, key: string): Promise<ActionResult<SubscriptionView>> {
  return mutate('billing.resume', key, { subscriptionId }, ({ user, meta, requestId }) =>
    resumeSubscription(user, idSchema.parse(subscriptionId), { requestId, request: meta }),
  );
}

/** The SetupIntent secret for the card form. */
export async function startCardUpdateAction(subscriptionId: string, key: string): Promise<ActionResult<{ clientSecret: string }>> {
  return mutate('billing.card-start', key, { subscriptionId }, ({ user, meta, requestId }) =>
    startCardUpdate(user, idSchema.parse(subscriptionId), { requestId, request: meta }),
  );
}

/** Makes the confirmed card the default and, when past due, pays the open invoice with it. */
export async function finishCardUpdateAction(
  subscriptionId: string,
  setupIntentId: string,
  key: string,
): Promise<ActionResult<CardUpdateResult>> {
  return mutate('billing.card-finish', key, { subscriptionId, setupIntentId }, ({ user, meta, requestId }) =>
    finishCardUpdate(user, idSchema.parse(subscriptionId), setupIntentId, { requestId, request: meta }),
  );
}

/** The open invoice's payment, for the browser to run 3-D Secure on it. */
export async function openInvoicePaymentAction(subscriptionId: string): Promise<ActionResult<InvoicePaymentOutcome>> {
  return read((user) => openInvoicePayment(user, idSchema.parse(subscriptionId)));
}

/** Re-reads the subscription from Stripe after a step that happened in the browser. */
export async function refreshSubscriptionAction(subscriptionId: string): Promise<ActionResult<SubscriptionView>> {
  return read((user) => refreshSubscription(user, idSchema.parse(subscriptionId)));
}
