import 'server-only';
import type Stripe from 'stripe';
import { stripeCall } from '@/lib/stripe/call';
import { upsertPrice, upsertProduct } from './catalog-sync';
import { DEMO_CATALOG, type CatalogEntry } from './catalog-definition';

/**
 * Creates the demo catalogue in Stripe (the emulator or a test account) where missing and
 * mirrors it locally. Idempotent: prices are found by lookup key, a product shared by two prices
 * (monthly and yearly) is reused by name, and every creation carries an idempotency key.
 */
export async function seedCatalog(catalog: CatalogEntry[] = DEMO_CATALOG): Promise<{ created: string[]; existing: string[] }> {
  const created: string[] = [];
  const existing: string[] = [];
  const found = await stripeCall('prices.list', (s) =>
    s.prices.list({ lookup_keys: catalog.map((c) => c.lookupKey), limit: 100, expand: ['data.product'] }),
  );
  const byKey = new Map(found.data.map((p) => [p.lookup_key, p]));
  const productsByName = new Map<string, Stripe.Product>();
  for (const price of found.data) {
    if (typeof price.product !== 'string' && !('deleted' in price.product && price.product.deleted))
      productsByName.set(price.product.name, price.product as Stripe.Product);
  }
  for (const entry of catalog) {
    let price = byKey.get(entry.lookupKey);
    if (price) {
      existing.push(entry.lookupKey);
    } else {
      const product = productsByName.get(entry.product.name) ?? (await createProduct(entry));
      productsByName.set(product.name, product);
      price = await stripeCall('prices.create', (s) =>
        s.prices.create(
          {
            product: product.id,
            unit_amount: entry.unitAmount,
            currency: entry.currency,
            lookup_key: entry.lookupKey,
            nickname: entry.nickname,
            metadata: entry.recurring?.trialDays ? { trial_days: String(entry.recurring.trialDays) } : {},
            ...(entry.recurring ? { recurring: { interval: entry.recurring.interval } } : {}),
          },
          { idempotencyKey: `seed:price:${entry.lookupKey}` },
        ),
      );
      created.push(entry.lookupKey);
    }
    const product = typeof price.product === 'string' ? productsByName.get(entry.product.name) : (price.product as Stripe.Product);
    if (product) await upsertProduct(product);
    await upsertPrice(price);
  }
  return { created, existing };
}

function createProduct(entry: CatalogEntry): Promise<Stripe.Product> {
  return stripeCall('products.create', (s) =>
    s.products.create(
      { name: entry.product.name, description: entry.product.description, metadata: entry.product.metadata },
      { idempotencyKey: `seed:product:${entry.product.name}` },
    ),
  );
}
