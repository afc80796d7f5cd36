// Customers: CRUD, listing, their payment methods and invoice_settings.default_payment_method.
import type Stripe from 'stripe';
import { nowFor } from '../core/clock';
import type { Emulator } from '../core/context';
import { newId, randomString } from '../core/ids';
import { snapshot } from '../core/json';
import { nowSeconds } from '../core/time';
import { invalid, noSuch } from '../wire/errors';
import { listOf, paginate } from '../wire/list';
import type { Route } from '../wire/router';
import {
  accepted,
  address,
  applyMetadata,
  arr,
  emptyable,
  int,
  metadata,
  obj,
  oneOf,
  pagination,
  parseParams,
  range,
  required,
  str,
  type Parsed,
} from '../wire/schema';
import { attachPaymentMethod, resolvePaymentMethod } from '../payments/cards';
import { cancelSubscriptionNow } from '../billing/cancel';
import { getOr404, idOf, nullable } from './common';

const shipping = emptyable(obj({ address: required(address()), name: required(str()), phone: emptyable(str()) }));
const invoiceSettings = obj({
  default_payment_method: emptyable(str()),
  custom_fields: accepted(),
  footer: emptyable(str()),
  rendering_options: accepted(),
});

const writable = {
  address: emptyable(address()),
  balance: int(),
  description: emptyable(str()),
  email: emptyable(str({ max: 512 })),
  invoice_prefix: str({ max: 12 }),
  invoice_settings: invoiceSettings,
  metadata: metadata(),
  name: emptyable(str({ max: 256 })),
  next_invoice_sequence: int({ min: 1 }),
  phone: emptyable(str({ max: 20 })),
  preferred_locales: arr(str()),
  shipping,
  tax_exempt: emptyable(oneOf('exempt', 'none', 'reverse')),
  business_name: accepted(),
  individual_name: accepted(),
  cash_balance: accepted(),
  tax: accepted(),
  source: accepted(),
  validate: accepted(),
};

const createShape = { ...writable, payment_method: str(), test_clock: str(), tax_id_data: accepted() };
const updateShape = { ...writable, default_source: accepted() };

type AddressIn = { [k: string]: string | null | undefined };

function toShipping(
  v: { address: AddressIn; name: string; phone?: string | null } | null | undefined,
  current: Stripe.Customer.Shipping | null,
): Stripe.Customer.Shipping | null {
  if (v === undefined) return current;
  if (v === null) return null;
  return { address: fullAddress(v.address), name: v.name, phone: v.phone ?? null };
}

export function fullAddress(a: AddressIn): Stripe.Address {
  return {
    city: a.city ?? null,
    country: a.country ?? null,
    line1: a.line1 ?? null,
    line2: a.line2 ?? null,
    postal_code: a.postal_code ?? null,
    state: a.state ?? null,
  };
}

function checkDefaultPaymentMethod(emu: Emulator, customer: Stripe.Customer, pmId: string | null | undefined): void {
  if (!pmId) return;
  const pm = emu.state.paymentMethods.get(pmId);
  if (!pm || idOf(pm.customer) !== customer.id) {
    throw invalid(
      `The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`,
      'invoice_settings[default_payment_method]',
      'resource_missing',
    );
  }
}

function create(emu: Emulator, params: Parsed<typeof createShape>): Stripe.Customer {
  if (params.test_clock !== undefined) getOr404(emu.state.testClocks, params.test_clock, 'test_helpers.test_clock', 'test_clock');
  const id = newId('cus', 14);
  const customer: Stripe.Customer = {
    id,
    object: 'customer',
    address: params.address ? fullAddress(params.address) : null,
    balance: params.balance ?? 0,
    created: params.test_clock ? (emu.state.testClocks.get(params.test_clock)?.frozen_time ?? nowSeconds()) : nowSeconds(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: params.description ?? null,
    discount: null,
    email: params.email ?? null,
    invoice_prefix: params.invoice_prefix ?? randomString(8).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: params.invoice_settings?.footer ?? null,
      rendering_options: null,
    },
    livemode: false,
    metadata: applyMetadata({}, params.metadata),
    name: params.name ?? null,
    next_invoice_sequence: params.next_invoice_sequence ?? 1,
    phone: params.phone ?? null,
    preferred_locales: params.preferred_locales ?? [],
    shipping: toShipping(params.shipping, null),
    tax_exempt: params.tax_exempt ?? 'none',
    test_clock: params.test_clock ?? null,
  };
  emu.state.customers.set(id, customer);
  emu.events.emit('customer.created', customer);
  if (params.payment_method) {
    const pm = resolvePaymentMethod(emu, params.payment_method, 'payment_method');
    attachPaymentMethod(emu, pm, customer);
  }
  if (params.invoice_settings?.default_payment_method) {
    const before = snapshot(customer);
    checkDefaultPaymentMethod(emu, customer, params.invoice_settings.default_payment_method);
    customer.invoice_settings.default_payment_method = params.invoice_settings.default_payment_method;
    emu.events.emitChange('customer.updated', customer, before);
  }
  return customer;
}

function update(emu: Emulator, customer: Stripe.Customer, p: Parsed<typeof updateShape>): Stripe.Customer {
  const before = snapshot(customer);
  if (p.invoice_settings?.default_payment_method) checkDefaultPaymentMethod(emu, customer, p.invoice_settings.default_payment_method);
  if (p.address !== undefined) customer.address = p.address ? fullAddress(p.address) : null;
  if (p.balance !== undefined) customer.balance = p.balance;
  customer.description = nullable(p.description, customer.description);
  customer.email = nullable(p.email, customer.email);
  if (p.invoice_prefix !== undefined) customer.invoice_prefix = p.invoice_prefix;
  if (p.invoice_settings) {
    const s = p.invoice_settings;
    if (s.default_payment_method !== undefined) customer.invoice_settings.default_payment_method = s.default_payment_method;
    if (s.footer !== undefined) customer.invoice_settings.footer = s.footer;
  }
  customer.metadata = applyMetadata(customer.metadata, p.metadata);
  customer.name = nullable(p.name, customer.name ?? null);
  if (p.next_invoice_sequence !== undefined) customer.next_invoice_sequence = p.next_invoice_sequence;
  customer.phone = nullable(p.phone, customer.phone ?? null);
  if (p.preferred_locales !== undefined) customer.preferred_locales = p.preferred_locales;
  customer.shipping = toShipping(p.shipping, customer.shipping);
  if (p.tax_exempt !== undefined) customer.tax_exempt = p.tax_exempt ?? 'none';
  emu.events.emitChange('customer.updated', customer, before);
  return customer;
}

/** Deleting a customer cancels its subscriptions and detaches its payment methods, as Stripe does. */
function remove(emu: Emulator, customer: Stripe.Customer): Stripe.DeletedCustomer {
  for (const sub of emu.state.subscriptions.values()) {
    if (idOf(sub.customer) === customer.id && sub.status !== 'canceled' && sub.status !== 'incomplete_expired') {
      cancelSubscriptionNow(emu, sub, nowFor(emu, customer.id), { reason: 'cancellation_requested' });
    }
  }
  for (const pm of emu.state.paymentMethods.values()) if (idOf(pm.customer) === customer.id) pm.customer = null;
  emu.state.customers.delete(customer.id);
  emu.state.deletedCustomers.add(customer.id);
  emu.events.emit('customer.deleted', customer);
  return { id: customer.id, object: 'customer', deleted: true };
}

/** customer.subscriptions, .sources and .tax_ids are only present when expanded. */
export function customerIncludable(emu: Emulator, owner: Record<string, unknown>, field: string): unknown {
  const id = typeof owner.id === 'string' ? owner.id : '';
  if (field === 'subscriptions') {
    const subs = [...emu.state.subscriptions.values()]
      .filter((s) => idOf(s.customer) === id && s.status !== 'canceled' && s.status !== 'incomplete_expired')
      .reverse();
    return listOf(subs, `/v1/customers/${id}/subscriptions`);
  }
  if (field === 'sources') return listOf([], `/v1/customers/${id}/sources`);
  if (field === 'tax_ids') return listOf([], `/v1/customers/${id}/tax_ids`);
  return undefined;
}

function retrieve(emu: Emulator, id: string): Stripe.Customer | Stripe.DeletedCustomer {
  if (emu.state.deletedCustomers.has(id)) return { id, object: 'customer', deleted: true };
  return getOr404(emu.state.customers, id, 'customer');
}

export const customerRoutes: Route[] = [
  { method: 'POST', path: '/v1/customers', handler: ({ emu, params }) => create(emu, parseParams(createShape, params)) },
  {
    method: 'GET',
    path: '/v1/customers/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), retrieve(emu, path.id as string)),
  },
  {
    method: 'POST',
    path: '/v1/customers/:id',
    handler: ({ emu, path, params }) => {
      const p = parseParams(updateShape, params);
      const customer = emu.state.customers.get(path.id as string);
      if (!customer) throw noSuch('customer', path.id as string);
      return update(emu, customer, p);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/customers/:id',
    handler: ({ emu, path, params }) => {
      parseParams({}, params);
      return remove(emu, getOr404(emu.state.customers, path.id as string, 'customer'));
    },
  },
  {
    method: 'GET',
    path: '/v1/customers',
    handler: ({ emu, params }) => {
      const p = parseParams({ ...pagination, created: range(), email: str(), test_clock: str() }, params);
      return paginate(
        emu.state.customers.values(),
        p,
        '/v1/customers',
        (c) => (p.email === undefined || c.email === p.email) && (p.test_clock === undefined || idOf(c.test_clock) === p.test_clock),
      );
    },
  },
  {
    method: 'GET',
    path: '/v1/customers/:id/payment_methods',
    handler: ({ emu, path, params }) => {
      const p = parseParams({ ...pagination, type: str(), allow_redisplay: accepted() }, params);
      const customer = getOr404(emu.state.customers, path.id as string, 'customer');
      return paginate(
        emu.state.paymentMethods.values(),
        p,
        `/v1/customers/${customer.id}/payment_methods`,
        (pm) => idOf(pm.customer) === customer.id && (p.type === undefined || pm.type === p.type),
      );
    },
  },
  {
    method: 'GET',
    path: '/v1/customers/:id/payment_methods/:pm',
    handler: ({ emu, path, params }) => {
      parseParams({}, params);
      const customer = getOr404(emu.state.customers, path.id as string, 'customer');
      const pm = emu.state.paymentMethods.get(path.pm as string);
      if (!pm || idOf(pm.customer) !== customer.id) throw noSuch('PaymentMethod', path.pm as string);
      return pm;
    },
  },
];
