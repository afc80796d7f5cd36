// PaymentMethods: create (also from the browser with a publishable key), retrieve, update,
// list, attach and detach.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { snapshot } from '../core/json';
import { invalid, missingParam } from '../wire/errors';
import { paginate } from '../wire/list';
import type { Route } from '../wire/router';
import type { FormObject } from '../wire/form';
import {
  accepted,
  address,
  applyMetadata,
  emptyable,
  int,
  metadata,
  obj,
  oneOf,
  pagination,
  parseParams,
  required,
  str,
  type Value,
} from '../wire/schema';
import { attachPaymentMethod, billingDetails, createFromCardInput, detachPaymentMethod, resolvePaymentMethod } from '../payments/cards';
import { customerOr404, idOf } from './common';

export const billingDetailsField = obj({
  address: emptyable(address()),
  email: emptyable(str()),
  name: emptyable(str()),
  phone: emptyable(str()),
  tax_id: accepted(),
});

export const cardField = obj({
  number: required(str({ max: 30 })),
  exp_month: required(int()),
  exp_year: required(int()),
  cvc: str({ max: 10 }),
  networks: accepted(),
});

/** The `payment_method_data` hash accepted by confirm calls. */
export const paymentMethodData = obj({
  type: required(str()),
  card: cardField,
  billing_details: billingDetailsField,
  metadata: metadata(),
  allow_redisplay: oneOf('always', 'limited', 'unspecified'),
  payment_user_agent: accepted(),
  time_on_page: accepted(),
  guid: accepted(),
  muid: accepted(),
  sid: accepted(),
  referrer: accepted(),
  radar_options: accepted(),
});

const createShape = {
  type: str(),
  card: cardField,
  billing_details: billingDetailsField,
  metadata: metadata(),
  allow_redisplay: oneOf('always', 'limited', 'unspecified'),
  customer: accepted(),
  payment_method: accepted(),
  radar_options: accepted(),
  // Stripe.js adds these browser fingerprints to its calls.
  payment_user_agent: accepted(),
  time_on_page: accepted(),
  guid: accepted(),
  muid: accepted(),
  sid: accepted(),
  referrer: accepted(),
  client_attribution_metadata: accepted(),
};

type PaymentMethodData = Value<typeof paymentMethodData>;

/** Creates the card PaymentMethod described by a confirm call's `payment_method_data`. */
export function paymentMethodFromData(emu: Emulator, data: PaymentMethodData): Stripe.PaymentMethod {
  if (data.type !== 'card')
    throw invalid(
      `The payment method type provided: ${data.type} is invalid. The emulator supports card payment methods only.`,
      'payment_method_data[type]',
    );
  if (!data.card) throw missingParam('payment_method_data[card]');
  const pm = createFromCardInput(emu, data.card, data.billing_details, applyMetadata({}, data.metadata), 'payment_method_data[card]');
  if (data.allow_redisplay) pm.allow_redisplay = data.allow_redisplay;
  return pm;
}

function create(emu: Emulator, form: FormObject): Stripe.PaymentMethod {
  const p = parseParams(createShape, form);
  if (p.type === undefined) throw missingParam('type');
  if (p.type !== 'card')
    throw invalid(`The payment method type provided: ${p.type} is invalid. The emulator supports card payment methods only.`, 'type');
  if (!p.card) throw missingParam('card');
  const pm = createFromCardInput(emu, p.card, p.billing_details, applyMetadata({}, p.metadata));
  if (p.allow_redisplay) pm.allow_redisplay = p.allow_redisplay;
  return pm;
}

const updateShape = {
  billing_details: billingDetailsField,
  metadata: metadata(),
  allow_redisplay: oneOf('always', 'limited', 'unspecified'),
  card: obj({ exp_month: int({ min: 1, max: 12 }), exp_year: int(), networks: accepted() }),
  payto: accepted(),
  us_bank_account: accepted(),
};

function update(emu: Emulator, pm: Stripe.PaymentMethod, form: FormObject): Stripe.PaymentMethod {
  const p = parseParams(updateShape, form);
  const before = snapshot(pm);
  if (p.billing_details) {
    const merged = billingDetails({
      address: p.billing_details.address === undefined ? pm.billing_details.address : p.billing_details.address,
      email: p.billing_details.email === undefined ? pm.billing_details.email : p.billing_details.email,
      name: p.billing_details.name === undefined ? pm.billing_details.name : p.billing_details.name,
      phone: p.billing_details.phone === undefined ? pm.billing_details.phone : p.billing_details.phone,
    });
    pm.billing_details = merged;
  }
  pm.metadata = applyMetadata(pm.metadata, p.metadata);
  if (p.allow_redisplay) pm.allow_redisplay = p.allow_redisplay;
  if (p.card && pm.card) {
    if (p.card.exp_month !== undefined) pm.card.exp_month = p.card.exp_month;
    if (p.card.exp_year !== undefined) pm.card.exp_year = p.card.exp_year;
  }
  emu.events.emitChange('payment_method.updated', pm, before);
  return pm;
}

export const paymentMethodRoutes: Route[] = [
  { method: 'POST', path: '/v1/payment_methods', publishable: true, handler: ({ emu, params }) => create(emu, params) },
  {
    method: 'GET',
    path: '/v1/payment_methods/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), resolvePaymentMethod(emu, path.id as string, 'payment_method')),
  },
  {
    method: 'POST',
    path: '/v1/payment_methods/:id',
    handler: ({ emu, path, params }) => update(emu, resolvePaymentMethod(emu, path.id as string, 'payment_method'), params),
  },
  {
    method: 'GET',
    path: '/v1/payment_methods',
    handler: ({ emu, params }) => {
      const p = parseParams(
        { ...pagination, customer: str(), type: str(), allow_redisplay: accepted(), customer_account: accepted() },
        params,
      );
      if (p.customer !== undefined) customerOr404(emu, p.customer);
      return paginate(
        emu.state.paymentMethods.values(),
        p,
        '/v1/payment_methods',
        (pm) => (p.customer === undefined || idOf(pm.customer) === p.customer) && (p.type === undefined || pm.type === p.type),
      );
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_methods/:id/attach',
    handler: ({ emu, path, params }) => {
      const p = parseParams({ customer: required(str()), customer_account: accepted() }, params);
      const customer = customerOr404(emu, p.customer);
      return attachPaymentMethod(emu, resolvePaymentMethod(emu, path.id as string, 'payment_method'), customer);
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_methods/:id/detach',
    handler: ({ emu, path, params }) => (
      parseParams({}, params),
      detachPaymentMethod(emu, resolvePaymentMethod(emu, path.id as string, 'payment_method'))
    ),
  },
];
