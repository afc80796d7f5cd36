import 'server-only';
import { and, asc, desc, eq, lt, ne, or } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { invoices, payments, subscriptions, type Subscription, type User } from '@/db/schema';
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

/** A user's subscriptions, newest first. `actor` is the user themself or an admin. */
export async function listSubscriptions(actor: User | null | undefined, userId: string): Promise<SubscriptionView[]> {
  assertMayView(actor, userId);
  const rows = await db.select().from(subscriptions).where(eq(subscriptions.userId, userId)).orderBy(desc(subscriptions.stripeCreated));
  return rows.map(toSubscriptionView);
}

const cursorSchema = z.object({ t: z.iso.datetime(), id: z.string().min(1).max(255) });

function decodeCursor(cursor: string): z.infer<typeof cursorSchema> {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('validation_failed', 'Invalid cursor.', { fields: { cursor: ['Invalid cursor.'] } });
  }
}

/** A user's finalized invoices, newest first, keyset-paginated. `actor` is the user themself or an admin. */
export async function listInvoices(
  actor: User | null | undefined,
  userId: string,
  options: { cursor?: string | null; limit?: number; subscriptionId?: string } = {},
): Promise<{ items: InvoiceView[]; nextCursor: string | null }> {
  assertMayView(actor, userId);
  const limit = Math.min(Math.max(options.limit ?? 24, 1), 100);
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const rows = await db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.userId, userId),
        ne(invoices.status, 'draft'),
        options.subscriptionId ? eq(invoices.subscriptionId, options.subscriptionId) : undefined,
        after ? or(lt(invoices.stripeCreated, new Date(after.t)), and(eq(invoices.stripeCreated, new Date(after.t)), lt(invoices.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(invoices.stripeCreated), desc(invoices.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? Buffer.from(JSON.stringify({ t: last.stripeCreated.toISOString(), id: last.id })).toString('base64url') : null;
  return { items: page.map(toInvoiceView), nextCursor };
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
  const [pi] = open.paymentIntentId ? await db.select({ status: payments.status }).from(payments).where(eq(payments.stripePaymentIntentId, open.paymentIntentId)).limit(1) : [];
  return { invoice: toInvoiceView(open), needsAuthentication: pi?.status === 'requires_action', graceEndsAt: entitlement.graceEndsAt?.toISOString() ?? null };
}

// A subscription still settling (checkout, card collection) is re-read from Stripe when its row is this old.
const SETTLING_REFRESH_MS = 3_000;

/**
 * Everything /billing shows about a user: the current subscription, what it entitles to, the
 * past-due invoice if any, and the invoices. With `refresh`, a subscription still settling
 * (checkout or card collection in progress) whose row is a few seconds old is first re-read from
 * Stripe, so a late webhook never leaves the page stale. `actor` is the user or an admin.
 */
export async function billingOverview(actor: User | null | undefined, userId: string, options: { refresh?: boolean } = {}): Promise<BillingOverview> {
  assertMayView(actor, userId);
  let sub = await currentSubscriptionOf(userId);
  const settling = sub && (sub.status === 'incomplete' || !!sub.pendingSetupIntentId);
  if (options.refresh && sub && settling && Date.now() - sub.syncedAt.getTime() > SETTLING_REFRESH_MS) {
    sub = (await syncSubscription(sub.id, { fetched: 'page' }).catch(() => null)) ?? sub;
  }
  const entitlement = entitlementOf(sub);
  const [dunning, list] = await Promise.all([sub ? dunningOf(sub, entitlement) : null, listInvoices(actor, userId, { limit: 24 })]);
  return {
    subscription: sub ? toSubscriptionView(sub) : null,
    entitlement: { tier: entitlement.tier, reason: entitlement.reason, graceEndsAt: entitlement.graceEndsAt?.toISOString() ?? null },
    dunning,
    invoices: list.items,
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
