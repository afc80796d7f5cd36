// Subscription items: list, retrieve, and add/change/remove one item with proration.
import type Stripe from 'stripe';
import { nowFor } from '../core/clock';
import type { Emulator } from '../core/context';
import { snapshot } from '../core/json';
import { missingParam, noSuch } from '../wire/errors';
import type { FormObject } from '../wire/form';
import { paginate } from '../wire/list';
import type { Route } from '../wire/router';
import { accepted, applyMetadata, bool, int, metadata, oneOf, pagination, parseParams, required, str } from '../wire/schema';
import { intervalOf } from '../billing/items';
import { checkSubscriptionPrices } from '../billing/subscription-create';
import { subscriptionChanged } from '../billing/subscription-status';
import { applyItemEdits, billItemChanges, type ItemEdit } from '../billing/subscription-update';
import { createPrice, priceOr404 } from './prices';
import { itemPriceData, subscriptionOr404 } from './subscriptions';
import { idOf } from './common';

function findItem(emu: Emulator, id: string): { sub: Stripe.Subscription; item: Stripe.SubscriptionItem } {
  for (const sub of emu.state.subscriptions.values()) {
    const item = sub.items.data.find((i) => i.id === id);
    if (item) return { sub, item };
  }
  throw noSuch('subscription_item', id);
}

const billing = {
  proration_behavior: oneOf('create_prorations', 'none', 'always_invoice'),
  proration_date: int({ min: 0 }),
  payment_behavior: accepted(),
  off_session: bool(),
};

function edit(
  emu: Emulator,
  sub: Stripe.Subscription,
  e: ItemEdit,
  p: { proration_behavior?: 'create_prorations' | 'none' | 'always_invoice'; proration_date?: number; off_session?: boolean },
): void {
  const at = nowFor(emu, idOf(sub.customer));
  const before = snapshot(sub);
  const old = intervalOf(sub.items.data[0]?.price as Stripe.Price);
  const changes = applyItemEdits(sub, [e], at, () => 'item');
  checkSubscriptionPrices(
    sub.items.data.map((i) => i.price),
    () => 'price',
  );
  const failure = billItemChanges(emu, sub, changes, {
    at,
    prorationDate: p.proration_date ?? at,
    behavior: p.proration_behavior ?? 'create_prorations',
    oldInterval: `${old.interval}/${old.count}`,
    offSession: p.off_session ?? false,
  });
  subscriptionChanged(emu, sub, before);
  if (failure) emu.log(`emulator: payment for subscription ${sub.id} update failed: ${failure.message}`);
}

function priceFrom(
  emu: Emulator,
  p: { price?: string; plan?: string; price_data?: Parameters<typeof createPrice>[2] & { product: string } },
): Stripe.Price | undefined {
  const id = p.price ?? p.plan;
  if (id !== undefined) return priceOr404(emu, id, 'price');
  if (p.price_data) return createPrice(emu, p.price_data.product, p.price_data);
  return undefined;
}

function create(emu: Emulator, form: FormObject): Stripe.SubscriptionItem {
  const p = parseParams(
    {
      subscription: required(str()),
      price: str(),
      plan: str(),
      price_data: itemPriceData,
      quantity: int({ min: 0 }),
      metadata: metadata(),
      tax_rates: accepted(),
      discounts: accepted(),
      billing_thresholds: accepted(),
      ...billing,
    },
    form,
  );
  const sub = subscriptionOr404(emu, p.subscription, 'subscription');
  const price = priceFrom(emu, p);
  if (!price) throw missingParam('price');
  edit(emu, sub, { price, quantity: p.quantity, metadata: applyMetadata({}, p.metadata) }, p);
  return sub.items.data[sub.items.data.length - 1] as Stripe.SubscriptionItem;
}

function update(emu: Emulator, id: string, form: FormObject): Stripe.SubscriptionItem {
  const p = parseParams(
    {
      price: str(),
      plan: str(),
      price_data: itemPriceData,
      quantity: int({ min: 0 }),
      metadata: metadata(),
      tax_rates: accepted(),
      discounts: accepted(),
      billing_thresholds: accepted(),
      ...billing,
    },
    form,
  );
  const { sub, item } = findItem(emu, id);
  edit(emu, sub, { id, price: priceFrom(emu, p), quantity: p.quantity, metadata: p.metadata ?? undefined }, p);
  return item;
}

export const subscriptionItemRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/subscription_items',
    handler: ({ emu, params }) => {
      const p = parseParams({ ...pagination, subscription: required(str()) }, params);
      const sub = subscriptionOr404(emu, p.subscription, 'subscription');
      return paginate(sub.items.data, p, `/v1/subscription_items?subscription=${sub.id}`);
    },
  },
  {
    method: 'GET',
    path: '/v1/subscription_items/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), findItem(emu, path.id as string).item),
  },
  { method: 'POST', path: '/v1/subscription_items', handler: ({ emu, params }) => create(emu, params) },
  { method: 'POST', path: '/v1/subscription_items/:id', handler: ({ emu, path, params }) => update(emu, path.id as string, params) },
  {
    method: 'DELETE',
    path: '/v1/subscription_items/:id',
    handler: ({ emu, path, params }) => {
      const p = parseParams({ ...billing, clear_usage: accepted() }, params);
      const { sub, item } = findItem(emu, path.id as string);
      edit(emu, sub, { id: item.id, deleted: true }, p);
      return { id: item.id, object: 'subscription_item', deleted: true };
    },
  },
];
