import 'server-only';
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { Subscription, User } from '@/db/schema';
import { audit, type RequestMeta } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { idOf } from '@/lib/ids';
import { stripeCall } from '@/lib/stripe/call';
import { invoicePaymentOutcome, type InvoicePaymentOutcome } from './invoice-payment';
import { syncInvoice } from './invoice-sync';
import { changeTiming, planPriceOf, subscribablePrice, type PlanPrice } from './plans';
import { ownedSubscription } from './subscriptions';
import { PRIOR_PLAN_META, syncSubscription } from './subscription-sync';
import { toSubscriptionView, type SubscriptionView } from './views';

export const planChangeInput = z.strictObject({
  priceId: z.string().trim().min(1).max(255),
  /** The proration date of the preview the customer saw, so the invoice matches it to the cent. */
  prorationDate: z.number().int().positive().optional(),
});
export type PlanChangeInput = z.input<typeof planChangeInput>;

type Mode = { timing: 'now' | 'period_end'; behavior: 'always_invoice' | 'none' };

export type PlanChangePreview = {
  subscriptionId: string;
  from: { priceId: string; planName: string };
  to: Pick<PlanPrice, 'priceId' | 'planName' | 'unitAmount' | 'currency' | 'interval' | 'intervalCount'>;
  /** `now`: prorated and charged at once; `period_end`: the current plan runs out, the new price bills from the next period. */
  timing: 'now' | 'period_end';
  /** Whether `amountDue` is charged right away (otherwise it is the first invoice on the new plan). */
  chargedNow: boolean;
  amountDue: number;
  currency: string;
  /** When `amountDue` is billed (ISO). */
  billedAt: string;
  prorationDate: number | null;
  lines: { description: string; amount: number }[];
};

export type PlanChangeResult = {
  subscription: SubscriptionView | null;
  timing: 'now' | 'period_end';
  payment: InvoicePaymentOutcome | null;
};

const isProration = (l: Stripe.InvoiceLineItem) =>
  !!(l.parent?.subscription_item_details?.proration || l.parent?.invoice_item_details?.proration);

async function checkChange(
  user: Pick<User, 'id'>,
  subscriptionId: string,
  priceId: string,
): Promise<{ row: Subscription; price: PlanPrice; mode: Mode }> {
  const row = await ownedSubscription(user, subscriptionId);
  const price = await subscribablePrice(priceId);
  if (row.status === 'past_due' || row.status === 'unpaid') throw new AppError('conflict', 'Fix your payment before changing plan.');
  if (row.status !== 'active' && row.status !== 'trialing') throw new AppError('conflict', 'This subscription can no longer be changed.');
  if (row.cancelAtPeriodEnd) throw new AppError('conflict', 'Resume your subscription before changing plan.');
  if (row.priceId === price.priceId) throw new AppError('conflict', 'You are already on this plan.');
  if (price.currency !== row.currency)
    throw new AppError('validation_failed', 'This plan is billed in another currency.', {
      fields: { priceId: ['This plan is billed in another currency.'] },
    });
  const current = (await planPriceOf(row.priceId)) ?? { rank: 0, interval: row.interval, intervalCount: row.intervalCount };
  const backToPrior = row.priorPriceId === price.priceId && !!row.priorPlanUntil && row.priorPlanUntil > new Date();
  // Nothing to prorate during a trial, nor when returning to the plan already paid for this period.
  if (row.status === 'trialing' || backToPrior) return { row, price, mode: { timing: 'now', behavior: 'none' } };
  const timing = changeTiming(current, price);
  return { row, price, mode: { timing, behavior: timing === 'now' ? 'always_invoice' : 'none' } };
}

function previewOf(row: Subscription, price: PlanPrice, mode: Mode, invoice: Stripe.Invoice): PlanChangePreview {
  const prorations = invoice.lines.data.filter(isProration);
  const cycleLine = invoice.lines.data.find((l) => !isProration(l) && l.parent?.subscription_item_details);
  const chargedNow = mode.behavior === 'always_invoice';
  const periodEnd = Math.floor((row.status === 'trialing' && row.trialEnd ? row.trialEnd : row.currentPeriodEnd).getTime() / 1000);
  // A trial keeps running on the new plan: the first charge is still at its end.
  const billedAt = chargedNow ? invoice.created : row.status === 'trialing' ? periodEnd : (cycleLine?.period.start ?? periodEnd);
  return {
    subscriptionId: row.id,
    from: { priceId: row.priceId, planName: row.planName },
    to: {
      priceId: price.priceId,
      planName: price.planName,
      unitAmount: price.unitAmount,
      currency: price.currency,
      interval: price.interval,
      intervalCount: price.intervalCount,
    },
    timing: mode.timing,
    chargedNow,
    amountDue: invoice.amount_due,
    currency: invoice.currency,
    billedAt: new Date(billedAt * 1000).toISOString(),
    // Stripe starts proration lines at the proration date; the update reuses it so the charge equals this preview.
    prorationDate: chargedNow && prorations[0] ? prorations[0].period.start : null,
    lines: invoice.lines.data.map((l) => ({ description: l.description ?? 'Subscription', amount: l.amount })),
  };
}

/**
 * What changing one of the user's subscriptions to `priceId` would bill (Stripe's invoice
 * preview): for an upgrade the prorated amount charged now, for a downgrade the first invoice on
 * the new plan at the end of the period. Bad input is refused before any Stripe call.
 */
export async function previewPlanChange(user: Pick<User, 'id'>, subscriptionId: string, priceId: string): Promise<PlanChangePreview> {
  const { row, price, mode } = await checkChange(user, subscriptionId, priceId);
  const invoice = await stripeCall('invoices.createPreview', (s) =>
    s.invoices.createPreview({
      customer: row.stripeCustomerId,
      subscription: row.id,
      subscription_details: { items: [{ id: row.stripeItemId, price: price.priceId }], proration_behavior: mode.behavior },
    }),
  );
  return previewOf(row, price, mode, invoice);
}

/**
 * Changes the plan of one of the user's subscriptions, as previewed: an upgrade is prorated at
 * the preview's proration date and invoiced now (3-D Secure, if the bank asks, is returned for the
 * browser); a downgrade takes effect without proration and the previous plan's features are kept
 * until the end of the paid period. The mirror is refreshed from Stripe afterwards.
 */
export async function changePlan(
  user: Pick<User, 'id'>,
  subscriptionId: string,
  input: PlanChangeInput,
  ids: { requestId?: string; request?: RequestMeta } = {},
): Promise<PlanChangeResult> {
  const data = planChangeInput.parse(input);
  const { row, price, mode } = await checkChange(user, subscriptionId, data.priceId);
  if (mode.behavior === 'always_invoice') {
    const date = data.prorationDate;
    if (date === undefined)
      throw new AppError('validation_failed', 'Preview the change before confirming it.', {
        fields: { prorationDate: ['Preview the change before confirming it.'] },
      });
    const inPeriod = date >= row.currentPeriodStart.getTime() / 1000 && date < row.currentPeriodEnd.getTime() / 1000;
    if (!inPeriod)
      throw new AppError('validation_failed', 'This preview is out of date. Preview the change again.', {
        fields: { prorationDate: ['This preview is out of date.'] },
      });
  }
  const keepPrior = row.priorPlanKey && row.priorPlanUntil && row.priorPlanUntil > new Date();
  const metadata =
    mode.timing === 'period_end'
      ? {
          [PRIOR_PLAN_META.plan]: (keepPrior ? row.priorPlanKey : row.planKey) ?? '',
          [PRIOR_PLAN_META.price]: (keepPrior ? row.priorPriceId : row.priceId) ?? '',
          [PRIOR_PLAN_META.until]: String(Math.floor(row.currentPeriodEnd.getTime() / 1000)),
        }
      : { [PRIOR_PLAN_META.plan]: '', [PRIOR_PLAN_META.price]: '', [PRIOR_PLAN_META.until]: '' };
  const requestId = ids.requestId ?? randomUUID();
  await audit({
    actor: { type: 'user', id: user.id },
    action: 'subscription.plan_change_requested',
    target: { type: 'subscription', id: row.id },
    amount: price.unitAmount,
    currency: price.currency,
    data: { fromPrice: row.priceId, toPrice: price.priceId, timing: mode.timing, prorationDate: data.prorationDate ?? null },
    request: ids.request,
  });
  const updated = await stripeCall('subscriptions.update', (s) =>
    s.subscriptions.update(
      row.id,
      {
        items: [{ id: row.stripeItemId, price: price.priceId }],
        proration_behavior: mode.behavior,
        ...(mode.behavior === 'always_invoice' ? { proration_date: data.prorationDate } : {}),
        payment_behavior: 'allow_incomplete',
        metadata,
      },
      { idempotencyKey: `sub:change:${row.id}:${requestId}` },
    ),
  );
  const synced = await syncSubscription(row.id, { fetched: 'plan_change' });
  const invoiceId = idOf(updated.latest_invoice);
  let payment: InvoicePaymentOutcome | null = null;
  if (mode.behavior === 'always_invoice' && invoiceId && invoiceId !== row.latestInvoiceId) {
    await syncInvoice(invoiceId, { fetched: 'plan_change' });
    payment = await invoicePaymentOutcome(invoiceId);
  }
  return { subscription: synced ? toSubscriptionView(synced) : null, timing: mode.timing, payment };
}
