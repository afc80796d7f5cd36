import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Tx } from '@/db';
import {
  LIVE_SUBSCRIPTION_STATUSES,
  products,
  subscriptions,
  users,
  type Subscription,
  type SubscriptionStatus,
  type User,
} from '@/db/schema';
import { audit, type AuditActor } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { idOf } from '@/lib/ids';
import { logger } from '@/lib/log/logger';
import { stripeCall } from '@/lib/stripe/call';
import { raiseAlert } from './alerts';
import { withObjectLock } from './locks';

/** Where a Stripe object came from: a webhook event, or a server-side fetch made for a reason. */
export type BillingSyncSource = { eventId: string } | { fetched: string };

/** Subscription metadata keys of a downgrade made at period end: the previous plan stays usable until `until`. */
export const PRIOR_PLAN_META = { plan: 'paydeck_prior_plan', price: 'paydeck_prior_price', until: 'paydeck_prior_until' } as const;

// One read gives the mirror everything it shows: the plan's product, the card on file, the latest invoice.
const EXPAND = ['items.data.price.product', 'default_payment_method', 'customer.invoice_settings.default_payment_method', 'latest_invoice'];

const at = (seconds: number | null | undefined) => (seconds == null ? null : new Date(seconds * 1000));

/** The audit actor of a sync: the Stripe event, or the system reason for the fetch. */
export function actorOf(source: BillingSyncSource): AuditActor {
  return 'eventId' in source ? { type: 'stripe', id: source.eventId } : { type: 'system', id: source.fetched };
}

function liveCustomer(customer: Stripe.Subscription['customer']): Stripe.Customer | null {
  return typeof customer === 'string' || customer.deleted ? null : customer;
}

function cardOf(sub: Stripe.Subscription): { id: string | null; card: Stripe.PaymentMethod.Card | null } {
  const own = sub.default_payment_method;
  const fallback = liveCustomer(sub.customer)?.invoice_settings?.default_payment_method ?? null;
  const pm = own ?? fallback;
  return { id: idOf(pm), card: pm && typeof pm !== 'string' ? (pm.card ?? null) : null };
}

/** The user owning a Stripe customer, read in `tx` (a sync holds one connection only). */
export async function userOfCustomer(tx: Tx, customerId: string | null): Promise<User | null> {
  if (!customerId) return null;
  const [user] = await tx.select().from(users).where(eq(users.stripeCustomerId, customerId)).limit(1);
  return user ?? null;
}

async function planOf(tx: Tx, price: Stripe.Price): Promise<{ productId: string; planKey: string | null; planName: string }> {
  const product = price.product;
  if (typeof product !== 'string' && !product.deleted)
    return { productId: product.id, planKey: product.metadata?.plan ?? null, planName: product.name };
  const productId = idOf(product) ?? '';
  const [row] = await tx.select().from(products).where(eq(products.id, productId)).limit(1);
  return { productId, planKey: row?.metadata.plan ?? null, planName: row?.name ?? price.nickname ?? 'Subscription' };
}

function pastDueSinceOf(sub: Stripe.Subscription, item: Stripe.SubscriptionItem, existing: Subscription | undefined): Date | null {
  if (sub.status !== 'past_due' && sub.status !== 'unpaid') return null;
  if (existing?.pastDueSince) return existing.pastDueSince;
  const invoice = sub.latest_invoice;
  if (invoice && typeof invoice !== 'string' && invoice.status === 'open') return at(invoice.created);
  return at(item.current_period_start);
}

function isLiveConflict(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const pg = e as { code?: string; constraint_name?: string };
    if (pg.code === '23505' && pg.constraint_name === 'subscriptions_one_live_per_user_idx') return true;
  }
  return false;
}

async function auditChanges(tx: Tx, before: Subscription | undefined, after: Subscription, source: BillingSyncSource): Promise<void> {
  const base = {
    actor: actorOf(source),
    target: { type: 'subscription', id: after.id },
    amount: after.unitAmount,
    currency: after.currency,
  };
  if (!before || before.status !== after.status) {
    await audit(
      { ...base, action: `subscription.${after.status}`, data: { from: before?.status ?? null, to: after.status, priceId: after.priceId } },
      tx,
    );
  }
  if (before && before.priceId !== after.priceId) {
    await audit(
      {
        ...base,
        action: 'subscription.plan_changed',
        data: { fromPrice: before.priceId, toPrice: after.priceId, fromPlan: before.planKey, toPlan: after.planKey },
      },
      tx,
    );
  }
  if (before && before.cancelAtPeriodEnd !== after.cancelAtPeriodEnd) {
    await audit(
      {
        ...base,
        action: after.cancelAtPeriodEnd ? 'subscription.cancel_scheduled' : 'subscription.cancel_unscheduled',
        data: { cancelAt: after.cancelAt?.toISOString() ?? null },
      },
      tx,
    );
  }
}

/** Sets `users.subscription_status` to the user's live subscription's status, else their newest one's, else null. */
async function refreshUserStatus(tx: Tx, userId: string): Promise<void> {
  const live = sql.join(
    LIVE_SUBSCRIPTION_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  await tx
    .update(users)
    .set({
      subscriptionStatus: sql`(select s.status from ${subscriptions} s where s.user_id = ${userId} order by (s.status in (${live})) desc, s.stripe_created desc limit 1)`,
    })
    .where(eq(users.id, userId));
}

/**
 * Writes a Stripe subscription into the mirror (upsert by id), audits status, plan and
 * cancellation changes, and refreshes `users.subscription_status`, all in `tx`. A second live
 * subscription for the same user (made outside the app) is not mirrored: it raises a critical
 * alert instead. Returns null for subscriptions that are not our customers'.
 */
export async function applySubscription(tx: Tx, sub: Stripe.Subscription, source: BillingSyncSource): Promise<Subscription | null> {
  const customerId = idOf(sub.customer);
  const user = await userOfCustomer(tx, customerId);
  const item = sub.items.data[0];
  if (!user || !customerId || !item) return null;
  const [existing] = await tx.select().from(subscriptions).where(eq(subscriptions.id, sub.id)).for('update');
  const price = item.price;
  const plan = await planOf(tx, price);
  const card = cardOf(sub);
  const priorUntil = Number(sub.metadata?.[PRIOR_PLAN_META.until] ?? '');
  const values = {
    id: sub.id,
    userId: user.id,
    stripeCustomerId: customerId,
    status: sub.status as SubscriptionStatus,
    stripeItemId: item.id,
    priceId: price.id,
    ...plan,
    unitAmount: price.unit_amount ?? null,
    currency: price.currency,
    interval: (price.recurring?.interval ?? 'month') as Subscription['interval'],
    intervalCount: price.recurring?.interval_count ?? 1,
    quantity: item.quantity ?? 1,
    currentPeriodStart: at(item.current_period_start)!,
    currentPeriodEnd: at(item.current_period_end)!,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    cancelAt: at(sub.cancel_at),
    canceledAt: at(sub.canceled_at),
    endedAt: at(sub.ended_at),
    trialStart: at(sub.trial_start),
    trialEnd: at(sub.trial_end),
    pastDueSince: pastDueSinceOf(sub, item, existing),
    priorPlanKey: sub.metadata?.[PRIOR_PLAN_META.plan] || null,
    priorPriceId: sub.metadata?.[PRIOR_PLAN_META.price] || null,
    priorPlanUntil: Number.isFinite(priorUntil) && priorUntil > 0 ? at(priorUntil) : null,
    defaultPaymentMethodId: card.id,
    cardBrand: card.card?.brand ?? (card.id === existing?.defaultPaymentMethodId ? existing.cardBrand : null),
    cardLast4: card.card?.last4 ?? (card.id === existing?.defaultPaymentMethodId ? existing.cardLast4 : null),
    cardExpMonth: card.card?.exp_month ?? (card.id === existing?.defaultPaymentMethodId ? existing.cardExpMonth : null),
    cardExpYear: card.card?.exp_year ?? (card.id === existing?.defaultPaymentMethodId ? existing.cardExpYear : null),
    latestInvoiceId: idOf(sub.latest_invoice),
    pendingSetupIntentId: idOf(sub.pending_setup_intent),
    testClockId: idOf(sub.test_clock),
    stripeCreated: at(sub.created)!,
    syncedAt: new Date(),
  };
  let row: Subscription | undefined;
  try {
    // A savepoint, so a refused second live subscription leaves the transaction usable for the alert.
    row = await tx.transaction(async (sp) => {
      const [written] = await sp
        .insert(subscriptions)
        .values(values)
        .onConflictDoUpdate({ target: subscriptions.id, set: values })
        .returning();
      return written;
    });
  } catch (error) {
    if (!isLiveConflict(error)) throw error;
    logger.warn({ subscriptionId: sub.id, userId: user.id, status: sub.status }, 'second live subscription for one user not mirrored');
    await raiseAlert(
      {
        key: `subscription_duplicate:${sub.id}:${sub.status}`,
        kind: 'subscription_duplicate',
        severity: 'critical',
        message: `Customer ${customerId} has a second live subscription (${sub.id}, ${sub.status}); only one is mirrored.`,
        data: { subscriptionId: sub.id, userId: user.id, customerId, status: sub.status },
      },
      tx,
    );
    return null;
  }
  if (!row) return null;
  await auditChanges(tx, existing, row, source);
  await refreshUserStatus(tx, user.id);
  return row;
}

/** The subscription as Stripe has it now (with the mirror's expansions), or null if Stripe does not know it. */
export async function retrieveSubscription(subscriptionId: string): Promise<Stripe.Subscription | null> {
  try {
    return await stripeCall('subscriptions.retrieve', (s) => s.subscriptions.retrieve(subscriptionId, { expand: EXPAND }));
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

/**
 * Re-fetches a subscription from Stripe and mirrors it. Fetch and write happen under a lock on
 * the subscription, so concurrent syncs (webhooks in any order, user actions) always leave the
 * newest Stripe state behind, never an older snapshot.
 */
export async function syncSubscription(subscriptionId: string, source: BillingSyncSource): Promise<Subscription | null> {
  return withObjectLock('subscription', subscriptionId, async (tx) => {
    const sub = await retrieveSubscription(subscriptionId);
    return sub ? applySubscription(tx, sub, source) : null;
  });
}

/** Mirrors an event's own snapshot: only for a subscription Stripe no longer returns (its customer was deleted). */
export async function applySubscriptionSnapshot(sub: Stripe.Subscription, source: BillingSyncSource): Promise<Subscription | null> {
  return withObjectLock('subscription', sub.id, (tx) => applySubscription(tx, sub, source));
}
