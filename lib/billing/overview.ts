import 'server-only';
import { and, asc, desc, eq, ne } from 'drizzle-orm';
import { db } from '@/db';
import { invoices, payments, type Subscription, type User } from '@/db/schema';
import { assertAdmin, assertUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { entitlementOf, type Entitlement } from './entitlements';
import { invoicePaymentOutcome, type InvoicePaymentOutcome } from './invoice-payment';
import { syncInvoice } from './invoice-sync';
import { currentSubscriptionOf, ownedSubscription } from './subscriptions';
import { syncSubscription } from './subscription-sync';
import { toInvoiceView, toSubscriptionView, type InvoiceView, type SubscriptionView } from './views';

/** A past-due subscription's oldest open invoice, and whether its payment waits for 3-D Secure. */
export type DunningView = { invoice: InvoiceView; needsAuthentication: boolean; graceEndsAt: string | null };

export type BillingOverview = {
  subscription: SubscriptionView | null;
  entitlement: { tier: Entitlement['tier']; reason: Entitlement['reason']; graceEndsAt: string | null };
  dunning: DunningView | null;
  invoices: InvoiceView[];
};

/** The user themself, or an admin acting for the support desk. */
function assertMayView(actor: User | null | undefined, userId: string): void {
  assertUser(actor);
  if (actor.id !== userId) assertAdmin(actor);
}

/** A user's finalized invoices, newest first: the latest 24, which is what /billing lists. */
async function latestInvoices(userId: string): Promise<InvoiceView[]> {
  const rows = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.userId, userId), ne(invoices.status, 'draft')))
    .orderBy(desc(invoices.stripeCreated), desc(invoices.id))
    .limit(24);
  return rows.map(toInvoiceView);
}

async function dunningOf(sub: Subscription, entitlement: Entitlement): Promise<DunningView | null> {
  if (sub.status !== 'past_due' && sub.status !== 'unpaid') return null;
  const [open] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.subscriptionId, sub.id), eq(invoices.status, 'open')))
    .orderBy(asc(invoices.stripeCreated))
    .limit(1);
  if (!open) return null;
  const [pi] = open.paymentIntentId
    ? await db.select({ status: payments.status }).from(payments).where(eq(payments.stripePaymentIntentId, open.paymentIntentId)).limit(1)
    : [];
  return {
    invoice: toInvoiceView(open),
    needsAuthentication: pi?.status === 'requires_action',
    graceEndsAt: entitlement.graceEndsAt?.toISOString() ?? null,
  };
}

// A subscription still settling (checkout, card collection) is re-read from Stripe when its row is this old.
const SETTLING_REFRESH_MS = 3_000;

/**
 * Everything /billing shows about a user: the current subscription, what it entitles to, the
 * past-due invoice if any, and the invoices. With `refresh`, a subscription still settling
 * (checkout or card collection in progress) whose row is a few seconds old is first re-read from
 * Stripe, so a late webhook never leaves the page stale. `actor` is the user or an admin.
 */
export async function billingOverview(
  actor: User | null | undefined,
  userId: string,
  options: { refresh?: boolean } = {},
): Promise<BillingOverview> {
  assertMayView(actor, userId);
  let sub = await currentSubscriptionOf(userId);
  const settling = sub && (sub.status === 'incomplete' || !!sub.pendingSetupIntentId);
  if (options.refresh && sub && settling && Date.now() - sub.syncedAt.getTime() > SETTLING_REFRESH_MS) {
    sub = (await syncSubscription(sub.id, { fetched: 'page' }).catch(() => null)) ?? sub;
  }
  const entitlement = entitlementOf(sub);
  const [dunning, invoiceList] = await Promise.all([sub ? dunningOf(sub, entitlement) : null, latestInvoices(userId)]);
  return {
    subscription: sub ? toSubscriptionView(sub) : null,
    entitlement: { tier: entitlement.tier, reason: entitlement.reason, graceEndsAt: entitlement.graceEndsAt?.toISOString() ?? null },
    dunning,
    invoices: invoiceList,
  };
}

/** Re-reads one of the user's subscriptions and its latest invoice from Stripe (after a step in the browser). */
export async function refreshSubscription(user: Pick<User, 'id'>, subscriptionId: string): Promise<SubscriptionView> {
  const row = await ownedSubscription(user, subscriptionId);
  const synced = (await syncSubscription(row.id, { fetched: 'refresh' })) ?? row;
  if (synced.latestInvoiceId) await syncInvoice(synced.latestInvoiceId, { fetched: 'refresh' });
  return toSubscriptionView(synced);
}

/** The payment of the oldest open invoice of one of the user's subscriptions, read from Stripe (to run 3-D Secure). */
export async function openInvoicePayment(user: Pick<User, 'id'>, subscriptionId: string): Promise<InvoicePaymentOutcome> {
  const row = await ownedSubscription(user, subscriptionId);
  const [open] = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.subscriptionId, row.id), eq(invoices.status, 'open')))
    .orderBy(asc(invoices.stripeCreated))
    .limit(1);
  if (!open) throw new AppError('conflict', 'There is no unpaid invoice on this subscription.');
  return invoicePaymentOutcome(open.id);
}
