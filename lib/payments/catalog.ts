import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { db } from '@/db';
import { prices, products, type Price, type Product } from '@/db/schema';
import { AppError } from '@/lib/errors';

export type CatalogItem = {
  priceId: string;
  productId: string;
  name: string;
  description: string | null;
  unitAmount: number;
  currency: string;
};

/** One-time products on sale, cheapest first. */
export async function listOneTimeCatalog(): Promise<CatalogItem[]> {
  const rows = await db
    .select({ price: prices, product: products })
    .from(prices)
    .innerJoin(products, eq(prices.productId, products.id))
    .where(and(eq(prices.type, 'one_time'), eq(prices.active, true), eq(products.active, true)))
    .orderBy(asc(prices.currency), asc(prices.unitAmount));
  return rows.flatMap(({ price, product }) =>
    price.unitAmount == null
      ? []
      : [
          {
            priceId: price.id,
            productId: product.id,
            name: product.name,
            description: product.description,
            unitAmount: price.unitAmount,
            currency: price.currency,
          },
        ],
  );
}

/** A price that may be bought once now; anything else is a field error on `priceId`, before any Stripe call. */
export async function purchasablePrice(priceId: string): Promise<{ price: Price & { unitAmount: number }; product: Product }> {
  const [row] = await db
    .select({ price: prices, product: products })
    .from(prices)
    .innerJoin(products, eq(prices.productId, products.id))
    .where(eq(prices.id, priceId))
    .limit(1);
  if (!row || !row.price.active || !row.product.active || row.price.type !== 'one_time' || row.price.unitAmount == null) {
    throw new AppError('validation_failed', undefined, { fields: { priceId: ['This product is not available.'] } });
  }
  return { price: { ...row.price, unitAmount: row.price.unitAmount }, product: row.product };
}
