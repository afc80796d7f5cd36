// Prices: one-time and recurring; create (with product_data), retrieve, update, list.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { newId } from '../core/ids';
import { decimal as toDecimal, snapshot } from '../core/json';
import { nowSeconds } from '../core/time';
import { invalid, missingParam, validationError } from '../wire/errors';
import type { FormObject } from '../wire/form';
import { paginate } from '../wire/list';
import type { Route } from '../wire/router';
import {
  accepted,
  applyMetadata,
  arr,
  bool,
  emptyable,
  metadata,
  nonEmpty,
  obj,
  oneOf,
  pagination,
  parseParams,
  range,
  required,
  str,
  type Parsed,
} from '../wire/schema';
import { checkCurrency } from '../payments/currency';
import { getOr404 } from './common';
import { createProduct, productOr404 } from './products';
import { priceDataShape } from './price-data';

const createShape = {
  ...priceDataShape,
  product: str(),
  product_data: obj({
    name: required(nonEmpty()),
    active: bool(),
    metadata: metadata(),
    statement_descriptor: str(),
    tax_code: str(),
    unit_label: str(),
    id: str(),
    tax_details: accepted(),
  }),
  nickname: str(),
  lookup_key: str({ max: 200 }),
  transfer_lookup_key: bool(),
  metadata: metadata(),
  active: bool(),
  billing_scheme: oneOf('per_unit', 'tiered'),
  tiers: accepted(),
  tiers_mode: accepted(),
  transform_quantity: accepted(),
};

type PriceData = Parsed<typeof priceDataShape>;

function takeLookupKey(emu: Emulator, key: string | undefined, transfer: boolean | undefined, except?: string): void {
  if (!key) return;
  for (const other of emu.state.prices.values()) {
    if (other.lookup_key !== key || other.id === except) continue;
    if (!transfer) throw invalid(`A price (\`${other.id}\`) already uses that lookup key.`, 'lookup_key');
    const before = snapshot(other);
    other.lookup_key = null;
    emu.events.emitChange('price.updated', other, before);
  }
}

/** Creates a Price for `product` from `price_data`-style parameters (also used by items and invoice items). */
export function createPrice(
  emu: Emulator,
  product: string,
  d: PriceData,
  extra: { nickname?: string; lookup_key?: string; metadata?: Record<string, string>; active?: boolean } = {},
): Stripe.Price {
  const currency = checkCurrency(d.currency);
  let unitAmount = d.unit_amount;
  if (unitAmount === undefined && d.unit_amount_decimal !== undefined) unitAmount = Math.round(Number(d.unit_amount_decimal));
  if (unitAmount === undefined) throw missingParam('unit_amount');
  const r = d.recurring;
  const price: Stripe.Price = {
    id: newId('price', 24),
    object: 'price',
    active: extra.active ?? true,
    billing_scheme: 'per_unit',
    created: nowSeconds(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: extra.lookup_key ?? null,
    metadata: extra.metadata ?? {},
    nickname: extra.nickname ?? null,
    product,
    recurring: r
      ? {
          interval: r.interval,
          interval_count: r.interval_count ?? 1,
          meter: null,
          trial_period_days: r.trial_period_days ?? null,
          usage_type: r.usage_type ?? 'licensed',
        }
      : null,
    tax_behavior: d.tax_behavior ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: r ? 'recurring' : 'one_time',
    unit_amount: unitAmount,
    unit_amount_decimal: toDecimal(d.unit_amount_decimal ?? unitAmount),
  };
  emu.state.prices.set(price.id, price);
  emu.events.emit('price.created', price);
  return price;
}

function create(emu: Emulator, form: FormObject): Stripe.Price {
  const p = parseParams(createShape, form);
  if (p.product === undefined && p.product_data === undefined) throw missingParam('product');
  if (p.product !== undefined && p.product_data !== undefined) {
    throw validationError('You may only specify one of these parameters: product, product_data.', 'product', 'parameters_exclusive');
  }
  if (p.billing_scheme === 'tiered' || p.tiers !== undefined)
    throw invalid('Tiered prices are not supported by the emulator.', 'billing_scheme');
  if (p.recurring?.usage_type === 'metered') throw invalid('Metered prices are not supported by the emulator.', 'recurring[usage_type]');
  takeLookupKey(emu, p.lookup_key, p.transfer_lookup_key);
  const product =
    p.product !== undefined
      ? productOr404(emu, p.product, 'product').id
      : createProduct(emu, { name: (p.product_data as NonNullable<typeof p.product_data>).name, ...p.product_data }).id;
  return createPrice(emu, product, p, {
    nickname: p.nickname,
    lookup_key: p.lookup_key,
    metadata: applyMetadata({}, p.metadata),
    active: p.active,
  });
}

function update(emu: Emulator, price: Stripe.Price, form: FormObject): Stripe.Price {
  const p = parseParams(
    {
      active: bool(),
      metadata: metadata(),
      nickname: emptyable(str()),
      lookup_key: emptyable(str({ max: 200 })),
      transfer_lookup_key: bool(),
      tax_behavior: oneOf('exclusive', 'inclusive', 'unspecified'),
      currency_options: accepted(),
    },
    form,
  );
  const before = snapshot(price);
  if (p.lookup_key) takeLookupKey(emu, p.lookup_key, p.transfer_lookup_key, price.id);
  if (p.active !== undefined) price.active = p.active;
  price.metadata = applyMetadata(price.metadata, p.metadata);
  if (p.nickname !== undefined) price.nickname = p.nickname;
  if (p.lookup_key !== undefined) price.lookup_key = p.lookup_key;
  if (p.tax_behavior !== undefined) price.tax_behavior = p.tax_behavior;
  emu.events.emitChange('price.updated', price, before);
  return price;
}

export function priceOr404(emu: Emulator, id: string, param = 'price'): Stripe.Price {
  return getOr404(emu.state.prices, id, 'price', param);
}

export const priceRoutes: Route[] = [
  { method: 'POST', path: '/v1/prices', handler: ({ emu, params }) => create(emu, params) },
  {
    method: 'GET',
    path: '/v1/prices/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), priceOr404(emu, path.id as string, 'id')),
  },
  {
    method: 'POST',
    path: '/v1/prices/:id',
    handler: ({ emu, path, params }) => update(emu, priceOr404(emu, path.id as string, 'id'), params),
  },
  {
    method: 'GET',
    path: '/v1/prices',
    handler: ({ emu, params }) => {
      const p = parseParams(
        {
          ...pagination,
          created: range(),
          active: bool(),
          currency: str(),
          product: str(),
          type: oneOf('one_time', 'recurring'),
          lookup_keys: arr(str(), { max: 10 }),
          recurring: obj({ interval: str(), usage_type: str(), meter: accepted() }),
        },
        params,
      );
      return paginate(
        emu.state.prices.values(),
        p,
        '/v1/prices',
        (x) =>
          (p.active === undefined || x.active === p.active) &&
          (p.currency === undefined || x.currency === p.currency) &&
          (p.product === undefined || x.product === p.product) &&
          (p.type === undefined || x.type === p.type) &&
          (p.lookup_keys === undefined || (x.lookup_key !== null && p.lookup_keys.includes(x.lookup_key))) &&
          (p.recurring?.interval === undefined || x.recurring?.interval === p.recurring.interval),
      );
    },
  },
];
