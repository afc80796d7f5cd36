import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import type Stripe from 'stripe';
import { db } from '@/db';
import { prices, products } from '@/db/schema';

const at = (seconds: number) => new Date(seconds * 1000);

/** Upserts a Stripe product into the mirror (keyed by Stripe id, so replays are harmless). */
export async function upsertProduct(product: Stripe.Product, options: { deleted?: boolean } = {}): Promise<void> {
  const deleted = options.deleted ?? false;
  const values = {
    id: product.id,
    name: product.name,
    description: product.description ?? null,
    active: product.active && !deleted,
    metadata: product.metadata ?? {},
    stripeCreated: at(product.created),
    deleted,
    syncedAt: new Date(),
  };
  await db.insert(products).values(values).onConflictDoUpdate({ target: products.id, set: values });
}

/** Upserts a Stripe price into the mirror; a lookup key moves to the newest price holding it. */
export async function upsertPrice(price: Stripe.Price, options: { deleted?: boolean } = {}): Promise<void> {
  const deleted = options.deleted ?? false;
  const values = {
    id: price.id,
    productId: typeof price.product === 'string' ? price.product : price.product.id,
    active: price.active && !deleted,
    currency: price.currency,
    unitAmount: price.unit_amount ?? null,
    type: price.type === 'recurring' ? ('recurring' as const) : ('one_time' as const),
    recurringInterval: (price.recurring?.interval ?? null) as 'day' | 'week' | 'month' | 'year' | null,
    recurringIntervalCount: price.recurring?.interval_count ?? null,
    trialPeriodDays: price.recurring?.trial_period_days ?? (price.metadata?.trial_days ? Number(price.metadata.trial_days) : null),
    lookupKey: price.lookup_key ?? null,
    nickname: price.nickname ?? null,
    metadata: price.metadata ?? {},
    stripeCreated: at(price.created),
    deleted,
    syncedAt: new Date(),
  };
  await db.transaction(async (tx) => {
    if (values.lookupKey)
      await tx
        .update(prices)
        .set({ lookupKey: null })
        .where(and(eq(prices.lookupKey, values.lookupKey), ne(prices.id, price.id)));
    await tx.insert(prices).values(values).onConflictDoUpdate({ target: prices.id, set: values });
  });
}
