// Products: create (with default_price_data), retrieve, update, delete, list.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { newId } from '../core/ids';
import { snapshot } from '../core/json';
import { nowSeconds } from '../core/time';
import { invalid, noSuch } from '../wire/errors';
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
  type MetadataUpdate,
} from '../wire/schema';
import { priceDataShape } from './price-data';
import { createPrice } from './prices';

export interface NewProduct {
  name: string;
  id?: string;
  active?: boolean;
  description?: string;
  metadata?: MetadataUpdate;
  statement_descriptor?: string;
  tax_code?: string;
  unit_label?: string;
  url?: string;
  images?: string[];
  shippable?: boolean;
}

export function createProduct(emu: Emulator, p: NewProduct): Stripe.Product {
  const id = p.id ?? newId('prod', 14);
  if (emu.state.products.has(id) || emu.state.deletedProducts.has(id))
    throw invalid(`Product already exists.`, 'id', 'resource_already_exists');
  const now = nowSeconds();
  const product: Stripe.Product = {
    id,
    object: 'product',
    active: p.active ?? true,
    created: now,
    default_price: null,
    description: p.description ?? null,
    images: p.images ?? [],
    livemode: false,
    marketing_features: [],
    metadata: applyMetadata({}, p.metadata),
    name: p.name,
    package_dimensions: null,
    shippable: p.shippable ?? null,
    statement_descriptor: p.statement_descriptor ?? null,
    tax_code: p.tax_code ?? null,
    tax_details: null,
    type: 'service',
    unit_label: p.unit_label ?? null,
    updated: now,
    url: p.url ?? null,
  };
  emu.state.products.set(id, product);
  emu.events.emit('product.created', product);
  return product;
}

export function productOr404(emu: Emulator, id: string, param = 'id'): Stripe.Product {
  const found = emu.state.products.get(id);
  if (!found) throw noSuch('product', id, param);
  return found;
}

const common = {
  active: bool(),
  description: emptyable(str()),
  images: arr(str(), { max: 8 }),
  marketing_features: arr(obj({ name: required(str()) }), { max: 15 }),
  metadata: metadata(),
  package_dimensions: accepted(),
  shippable: bool(),
  statement_descriptor: emptyable(str({ max: 22 })),
  tax_code: emptyable(str()),
  tax_details: accepted(),
  unit_label: emptyable(str({ max: 12 })),
  url: emptyable(str()),
};

const createShape = {
  ...common,
  name: required(nonEmpty()),
  id: str(),
  type: oneOf('good', 'service'),
  default_price_data: obj({ ...priceDataShape, currency: required(str()) }),
};

function create(emu: Emulator, form: FormObject): Stripe.Product {
  const p = parseParams(createShape, form);
  const product = createProduct(emu, {
    name: p.name,
    id: p.id,
    active: p.active,
    description: p.description ?? undefined,
    metadata: p.metadata,
    statement_descriptor: p.statement_descriptor ?? undefined,
    tax_code: p.tax_code ?? undefined,
    unit_label: p.unit_label ?? undefined,
    url: p.url ?? undefined,
    images: p.images,
    shippable: p.shippable,
  });
  if (p.marketing_features) product.marketing_features = p.marketing_features.map((f) => ({ name: f.name }));
  if (p.default_price_data) {
    const price = createPrice(emu, product.id, p.default_price_data);
    product.default_price = price.id;
  }
  return product;
}

function update(emu: Emulator, product: Stripe.Product, form: FormObject): Stripe.Product {
  const p = parseParams({ ...common, name: nonEmpty(), default_price: str() }, form);
  const before = snapshot(product);
  if (p.default_price !== undefined) {
    const price = emu.state.prices.get(p.default_price);
    if (!price || price.product !== product.id) throw noSuch('price', p.default_price, 'default_price');
    product.default_price = price.id;
  }
  if (p.active !== undefined) product.active = p.active;
  if (p.description !== undefined) product.description = p.description;
  if (p.images !== undefined) product.images = p.images;
  if (p.marketing_features !== undefined) product.marketing_features = p.marketing_features.map((f) => ({ name: f.name }));
  product.metadata = applyMetadata(product.metadata, p.metadata);
  if (p.name !== undefined) product.name = p.name;
  if (p.shippable !== undefined) product.shippable = p.shippable;
  if (p.statement_descriptor !== undefined) product.statement_descriptor = p.statement_descriptor;
  if (p.tax_code !== undefined) product.tax_code = p.tax_code;
  if (p.unit_label !== undefined) product.unit_label = p.unit_label;
  if (p.url !== undefined) product.url = p.url;
  product.updated = nowSeconds();
  emu.events.emitChange('product.updated', product, before);
  return product;
}

function remove(emu: Emulator, product: Stripe.Product): Stripe.DeletedProduct {
  for (const price of emu.state.prices.values()) {
    if (price.product === product.id)
      throw invalid('This product cannot be deleted because it has one or more user-created prices.', 'id', 'product_has_prices');
  }
  emu.state.products.delete(product.id);
  emu.state.deletedProducts.add(product.id);
  emu.events.emit('product.deleted', product);
  return { id: product.id, object: 'product', deleted: true };
}

export const productRoutes: Route[] = [
  { method: 'POST', path: '/v1/products', handler: ({ emu, params }) => create(emu, params) },
  {
    method: 'GET',
    path: '/v1/products/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), productOr404(emu, path.id as string)),
  },
  {
    method: 'POST',
    path: '/v1/products/:id',
    handler: ({ emu, path, params }) => update(emu, productOr404(emu, path.id as string), params),
  },
  {
    method: 'DELETE',
    path: '/v1/products/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), remove(emu, productOr404(emu, path.id as string))),
  },
  {
    method: 'GET',
    path: '/v1/products',
    handler: ({ emu, params }) => {
      const p = parseParams(
        { ...pagination, created: range(), active: bool(), ids: arr(str()), shippable: bool(), url: str(), type: accepted() },
        params,
      );
      return paginate(
        emu.state.products.values(),
        p,
        '/v1/products',
        (x) =>
          (p.active === undefined || x.active === p.active) &&
          (p.ids === undefined || p.ids.includes(x.id)) &&
          (p.shippable === undefined || x.shippable === p.shippable) &&
          (p.url === undefined || x.url === p.url),
      );
    },
  },
];
