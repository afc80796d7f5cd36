import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { subscriptions, type User } from '@/db/schema';
import { audit, type RequestMeta } from '@/lib/audit';
import { assertAdmin } from '@/lib/auth/roles';
import { cancelAtPeriodEnd, resumeSubscription } from '@/lib/billing/cancellation';
import type { SubscriptionView } from '@/lib/billing/views';
import { AppError } from '@/lib/errors';

async function ownerOf(subscriptionId: string): Promise<{ id: string }> {
  const [row] = /^sub_[A-Za-z0-9]{1,250}$/.test(subscriptionId)
    ? await db.select({ userId: subscriptions.userId }).from(subscriptions).where(eq(subscriptions.id, subscriptionId)).limit(1)
    : [];
  if (!row) throw new AppError('not_found', 'Subscription not found.');
  return { id: row.userId };
}

/**
 * An admin cancels a customer's subscription at the end of its paid period, on their behalf,
 * through the billing service (same checks and Stripe call as the customer's own button). The
 * billing service audits the change itself; this adds which admin made it. Admins only.
 */
export async function adminCancelSubscription(
  actor: User | null,
  subscriptionId: string,
  ctx: { request?: RequestMeta; requestId?: string } = {},
): Promise<SubscriptionView> {
  assertAdmin(actor);
  const owner = await ownerOf(subscriptionId);
  const view = await cancelAtPeriodEnd(owner, subscriptionId, { request: ctx.request, requestId: ctx.requestId });
  await audit({
    actor: { type: 'admin', id: actor.id },
    action: 'subscription.canceled_on_behalf',
    target: { type: 'subscription', id: subscriptionId },
    data: { customer: owner.id, endsAt: view.cancelAt ?? view.currentPeriodEnd },
    request: ctx.request,
  });
  return view;
}

/** An admin takes back a scheduled cancellation on the customer's behalf. Admins only; audited. */
export async function adminResumeSubscription(
  actor: User | null,
  subscriptionId: string,
  ctx: { request?: RequestMeta; requestId?: string } = {},
): Promise<SubscriptionView> {
  assertAdmin(actor);
  const owner = await ownerOf(subscriptionId);
  const view = await resumeSubscription(owner, subscriptionId, { request: ctx.request, requestId: ctx.requestId });
  await audit({
    actor: { type: 'admin', id: actor.id },
    action: 'subscription.resumed_on_behalf',
    target: { type: 'subscription', id: subscriptionId },
    data: { customer: owner.id },
    request: ctx.request,
  });
  return view;
}
