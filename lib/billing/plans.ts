import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { db } from '@/db';
import { prices, products, type Price, type Product } from '@/db/schema';
import { AppError } from '@/lib/errors';

/** A recurring price of a plan, as /pricing and the billing page show it. */
export type PlanPrice = {
  priceId: string;
  planKey: string | null;
  planName: string;
  description: string | null;
  /** Product metadata `rank`: a higher rank is a bigger plan (upgrades are billed now, downgrades at period end). */
  rank: number;
  unitAmount: number;
  currency: string;
  interval: 'day' | 'week' | 'month' | 'year';
  intervalCount: number;
  trialDays: number | null;
};

function toPlanPrice(price: Price, product: Product): PlanPrice | null {
  if (price.type !== 'recurring' || price.unitAmount == null || !price.recurringInterval) return null;
  const rank = Number(product.metadata.rank ?? 0);
  return {
    priceId: price.id,
    planKey: product.metadata.plan ?? null,
    planName: product.name,
    description: product.description,
    rank: Number.isFinite(rank) ? rank : 0,
    unitAmount: price.unitAmount,
    currency: price.currency,
    interval: price.recurringInterval,
    intervalCount: price.recurringIntervalCount ?? 1,
    trialDays: price.trialPeriodDays && price.trialPeriodDays > 0 ? price.trialPeriodDays : null,
  };
}

/** Every plan price on sale (active recurring prices of active products), smallest plan first. */
export async function listPlanPrices(): Promise<PlanPrice[]> {
  const rows = await db
    .select({ price: prices, product: products })
    .from(prices)
    .innerJoin(products, eq(prices.productId, products.id))
    .where(and(eq(prices.type, 'recurring'), eq(prices.active, true), eq(products.active, true)))
    .orderBy(asc(prices.unitAmount));
  return rows
    .flatMap(({ price, product }) => toPlanPrice(price, product) ?? [])
    .sort((a, b) => a.rank - b.rank || yearlyAmount(a) - yearlyAmount(b));
}

/** A plan price from the mirror whether on sale or not (a subscription's current price may have been retired). */
export async function planPriceOf(priceId: string): Promise<PlanPrice | null> {
  const [row] = await db
    .select({ price: prices, product: products })
    .from(prices)
    .innerJoin(products, eq(prices.productId, products.id))
    .where(eq(prices.id, priceId))
    .limit(1);
  return row ? toPlanPrice(row.price, row.product) : null;
}

/** A plan price that may be subscribed to now; anything else is a field error on `priceId`, before any Stripe call. */
export async function subscribablePrice(priceId: string): Promise<PlanPrice> {
  const [row] = priceId
    ? await db
        .select({ price: prices, product: products })
        .from(prices)
        .innerJoin(products, eq(prices.productId, products.id))
        .where(eq(prices.id, priceId))
        .limit(1)
    : [];
  const plan = row && row.price.active && row.product.active ? toPlanPrice(row.price, row.product) : null;
  if (!plan)
    throw new AppError('validation_failed', 'This plan is not available.', { fields: { priceId: ['This plan is not available.'] } });
  return plan;
}

const DAYS_PER: Record<PlanPrice['interval'], number> = { day: 1, week: 7, month: 365 / 12, year: 365 };

/** The price over a year, to compare plans billed at different intervals. */
export function yearlyAmount(p: Pick<PlanPrice, 'unitAmount' | 'interval' | 'intervalCount'>): number {
  return (p.unitAmount * 365) / (DAYS_PER[p.interval] * p.intervalCount);
}

/**
 * How a plan change is billed: a bigger plan (or a longer interval, which restarts the billing
 * cycle) now, prorated; a smaller plan on the same interval at the end of the paid period.
 */
export function changeTiming(from: { rank: number; interval: string; intervalCount: number }, to: PlanPrice): 'now' | 'period_end' {
  const sameInterval = from.interval === to.interval && from.intervalCount === to.intervalCount;
  return sameInterval && to.rank < from.rank ? 'period_end' : 'now';
}
