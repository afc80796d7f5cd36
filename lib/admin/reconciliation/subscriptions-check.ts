import 'server-only';
import { and, gte, inArray, lte } from 'drizzle-orm';
import type Stripe from 'stripe';
import { db } from '@/db';
import { subscriptions, type Subscription } from '@/db/schema';
import { idOf } from '@/lib/ids';
import { retrieveSubscription, syncSubscription } from '@/lib/billing/subscription-sync';
import { userByCustomer } from '@/lib/payments/customers';
import { record, type Findings, type ReconcileOptions } from './types';

const BATCH = 200;

function differences(local: Subscription, sub: Stripe.Subscription): string[] {
  const diffs: string[] = [];
  const item = sub.items.data[0];
  if (local.status !== sub.status) diffs.push(`status: ${local.status} → ${sub.status}`);
  if (item && local.priceId !== item.price.id) diffs.push(`price: ${local.priceId} → ${item.price.id}`);
  if (local.cancelAtPeriodEnd !== sub.cancel_at_period_end)
    diffs.push(`cancel at period end: ${local.cancelAtPeriodEnd} → ${sub.cancel_at_period_end}`);
  if (item && Math.floor(local.currentPeriodEnd.getTime() / 1000) !== item.current_period_end) diffs.push('current period end differs');
  return diffs;
}

/** Re-fetches and mirrors through the billing service's own sync (its locks, audit and user status). */
const resync = (id: string) => async () => {
  if (!(await syncSubscription(id, { fetched: 'reconcile' }))) throw new Error('the billing mirror did not accept it');
};

/** Compares Stripe's subscriptions of the window with the billing mirror, repairing through the billing service. */
export async function checkSubscriptions(
  list: Stripe.Subscription[],
  options: ReconcileOptions,
  findings: Findings,
  tick: (done: number) => void,
): Promise<void> {
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i += BATCH) {
    const batch = list.slice(i, i + BATCH);
    const rows = await db
      .select()
      .from(subscriptions)
      .where(
        inArray(
          subscriptions.id,
          batch.map((s) => s.id),
        ),
      );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const sub of batch) {
      seen.add(sub.id);
      const local = byId.get(sub.id);
      if (!local) {
        if (await userByCustomer(idOf(sub.customer)))
          await record(
            findings,
            options,
            {
              object: 'subscription',
              kind: 'missing',
              id: null,
              stripeId: sub.id,
              detail: `${sub.status} subscription not in our database`,
            },
            resync(sub.id),
          );
        continue;
      }
      const diffs = differences(local, sub);
      if (diffs.length)
        await record(
          findings,
          options,
          { object: 'subscription', kind: 'mismatched', id: local.id, stripeId: sub.id, detail: diffs.join('; ') },
          resync(sub.id),
        );
    }
    tick(Math.min(i + BATCH, list.length));
  }
  const locals = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(gte(subscriptions.stripeCreated, options.from), lte(subscriptions.stripeCreated, options.to)))
    .limit(50_000);
  for (const { id } of locals) {
    if (seen.has(id)) continue;
    const sub = await retrieveSubscription(id);
    if (!sub)
      await record(findings, options, {
        object: 'subscription',
        kind: 'unknown_to_stripe',
        id,
        stripeId: id,
        detail: 'Stripe has no such subscription',
      });
    else {
      const local = (
        await db
          .select()
          .from(subscriptions)
          .where(inArray(subscriptions.id, [id]))
      )[0];
      const diffs = local ? differences(local, sub) : [];
      if (diffs.length)
        await record(
          findings,
          options,
          { object: 'subscription', kind: 'mismatched', id, stripeId: id, detail: diffs.join('; ') },
          resync(id),
        );
    }
  }
}
