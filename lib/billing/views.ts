import 'server-only';
import type { Invoice, Subscription } from '@/db/schema';

/** What pages and the API show of a subscription: plan, status, dates (ISO), card on file. */
export type SubscriptionView = {
  id: string;
  status: Subscription['status'];
  planKey: string | null;
  planName: string;
  priceId: string;
  unitAmount: number | null;
  currency: string;
  interval: Subscription['interval'];
  intervalCount: number;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
  cancelAt: string | null;
  canceledAt: string | null;
  endedAt: string | null;
  trialStart: string | null;
  trialEnd: string | null;
  pastDueSince: string | null;
  /** A downgrade made at period end: the previous plan's features last until `until`. */
  priorPlan: { planKey: string; priceId: string | null; until: string } | null;
  card: { brand: string; last4: string; expMonth: number | null; expYear: number | null } | null;
  /** A trial started without a card yet: it ends with the trial unless one is added. */
  needsCard: boolean;
  syncedAt: string;
};

export type InvoiceView = {
  id: string;
  number: string | null;
  status: Invoice['status'];
  billingReason: string | null;
  currency: string;
  total: number;
  amountDue: number;
  amountPaid: number;
  amountRemaining: number;
  attemptCount: number;
  nextPaymentAttempt: string | null;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  createdAt: string;
  paidAt: string | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The subscription as pages and the API show it (dates as ISO strings). */
export function toSubscriptionView(s: Subscription): SubscriptionView {
  return {
    id: s.id,
    status: s.status,
    planKey: s.planKey,
    planName: s.planName,
    priceId: s.priceId,
    unitAmount: s.unitAmount,
    currency: s.currency,
    interval: s.interval,
    intervalCount: s.intervalCount,
    currentPeriodStart: s.currentPeriodStart.toISOString(),
    currentPeriodEnd: s.currentPeriodEnd.toISOString(),
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    cancelAt: iso(s.cancelAt),
    canceledAt: iso(s.canceledAt),
    endedAt: iso(s.endedAt),
    trialStart: iso(s.trialStart),
    trialEnd: iso(s.trialEnd),
    pastDueSince: iso(s.pastDueSince),
    priorPlan:
      s.priorPlanKey && s.priorPlanUntil
        ? { planKey: s.priorPlanKey, priceId: s.priorPriceId, until: s.priorPlanUntil.toISOString() }
        : null,
    card: s.cardBrand && s.cardLast4 ? { brand: s.cardBrand, last4: s.cardLast4, expMonth: s.cardExpMonth, expYear: s.cardExpYear } : null,
    needsCard: s.status === 'trialing' && !s.defaultPaymentMethodId,
    syncedAt: s.syncedAt.toISOString(),
  };
}

/** The invoice as pages and the API show it. */
export function toInvoiceView(i: Invoice): InvoiceView {
  return {
    id: i.id,
    number: i.number,
    status: i.status,
    billingReason: i.billingReason,
    currency: i.currency,
    total: i.total,
    amountDue: i.amountDue,
    amountPaid: i.amountPaid,
    amountRemaining: i.amountRemaining,
    attemptCount: i.attemptCount,
    nextPaymentAttempt: iso(i.nextPaymentAttempt),
    hostedInvoiceUrl: i.hostedInvoiceUrl,
    invoicePdf: i.invoicePdf,
    periodStart: iso(i.periodStart),
    periodEnd: iso(i.periodEnd),
    createdAt: i.stripeCreated.toISOString(),
    paidAt: iso(i.paidAt),
  };
}
