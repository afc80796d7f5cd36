import 'server-only';
import type Stripe from 'stripe';
import type { Tx } from '@/db';
import { upsertPrice, upsertProduct } from '@/lib/billing/catalog-sync';
import { applyPaymentIntent } from '@/lib/payments/sync';
import { stripeCall } from '@/lib/stripe/call';

export const createdAt = (event: Stripe.Event) => new Date(event.created * 1000);

/** Every payment_intent.* event: the snapshot, applied with status precedence by event time (inside `tx` when given). */
export async function applyIntentEvent(event: Stripe.Event & { data: { object: Stripe.PaymentIntent } }, tx?: Tx): Promise<void> {
  await applyPaymentIntent(event.data.object, createdAt(event), { eventId: event.id }, tx);
}

/** product.*: re-fetched, since a snapshot may be older than a later update already applied. */
export async function syncProductEvent(
  event: Stripe.ProductCreatedEvent | Stripe.ProductUpdatedEvent | Stripe.ProductDeletedEvent,
): Promise<void> {
  if (event.type === 'product.deleted') return upsertProduct(event.data.object, { deleted: true });
  const product = await stripeCall('products.retrieve', (s) => s.products.retrieve(event.data.object.id));
  await upsertProduct(product);
}

/** price.*: re-fetched for the same reason. */
export async function syncPriceEvent(event: Stripe.PriceCreatedEvent | Stripe.PriceUpdatedEvent | Stripe.PriceDeletedEvent): Promise<void> {
  if (event.type === 'price.deleted') return upsertPrice(event.data.object, { deleted: true });
  const price = await stripeCall('prices.retrieve', (s) => s.prices.retrieve(event.data.object.id));
  await upsertPrice(price);
}
