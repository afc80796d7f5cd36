// PaymentIntents: create, retrieve, update, confirm, capture (full or partial), cancel, list.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { snapshot } from '../core/json';
import { secretsMatch } from '../core/secrets';
import { nowSeconds } from '../core/time';
import { ApiError, invalid, unexpectedState, validationError } from '../wire/errors';
import type { FormObject } from '../wire/form';
import { paginate } from '../wire/list';
import type { Call, Route } from '../wire/router';
import {
  accepted,
  address,
  applyMetadata,
  arr,
  bool,
  emptyable,
  int,
  metadata,
  obj,
  offSession,
  oneOf,
  pagination,
  parseParams,
  range,
  required,
  str,
  type Parsed,
} from '../wire/schema';
import { resolvePaymentMethod } from '../payments/cards';
import { checkChargeAmount, checkCurrency } from '../payments/currency';
import { confirmPayment } from '../payments/confirm-payment';
import { allowedTypes } from '../payments/method-types';
import { createPaymentIntent, publicView } from '../payments/intent-object';
import { paymentMethodData, paymentMethodFromData } from './payment-methods';
import { customerOr404, getOr404, idOf, nullable } from './common';
import { fullAddress } from './customers';

export const shippingField = emptyable(
  obj({ address: required(address()), name: required(str()), carrier: str(), phone: str(), tracking_number: str() }),
);

/** Parameters Stripe.js adds to browser calls; accepted and ignored. */
export const browserNoise = {
  client_secret: str(),
  expected_payment_method_type: accepted(),
  payment_user_agent: accepted(),
  time_on_page: accepted(),
  guid: accepted(),
  muid: accepted(),
  sid: accepted(),
  referrer: accepted(),
  client_attribution_metadata: accepted(),
  client_context: accepted(),
};

const ignored = {
  application_fee_amount: accepted(),
  on_behalf_of: accepted(),
  transfer_data: accepted(),
  transfer_group: accepted(),
  mandate: accepted(),
  mandate_data: accepted(),
  payment_method_options: accepted(),
  payment_method_configuration: accepted(),
  radar_options: accepted(),
  amount_details: accepted(),
  payment_details: accepted(),
  hooks: accepted(),
  excluded_payment_method_types: accepted(),
  confirmation_token: accepted(),
  customer_account: accepted(),
};

const createShape = {
  amount: required(int()),
  currency: required(str()),
  automatic_payment_methods: obj({ enabled: required(bool()), allow_redirects: oneOf('always', 'never') }),
  capture_method: oneOf('automatic', 'automatic_async', 'manual'),
  confirm: bool(),
  confirmation_method: oneOf('automatic', 'manual'),
  customer: str(),
  description: str({ max: 1000 }),
  error_on_requires_action: bool(),
  metadata: metadata(),
  off_session: offSession(),
  payment_method: str(),
  payment_method_data: paymentMethodData,
  allowed_payment_method_types: arr(str()),
  payment_method_types: arr(str()),
  receipt_email: str(),
  return_url: str({ max: 2048 }),
  setup_future_usage: oneOf('off_session', 'on_session'),
  shipping: shippingField,
  statement_descriptor: str({ max: 22 }),
  statement_descriptor_suffix: str({ max: 22 }),
  use_stripe_sdk: bool(),
  ...ignored,
};

const confirmShape = {
  payment_method: str(),
  payment_method_data: paymentMethodData,
  return_url: str({ max: 2048 }),
  setup_future_usage: emptyable(oneOf('off_session', 'on_session')),
  off_session: offSession(),
  error_on_requires_action: bool(),
  receipt_email: emptyable(str()),
  shipping: shippingField,
  use_stripe_sdk: bool(),
  capture_method: oneOf('automatic', 'automatic_async', 'manual'),
  amount_to_confirm: accepted(),
  allowed_payment_method_types: accepted(),
  ...ignored,
  ...browserNoise,
};

const updateShape = {
  amount: int(),
  currency: str(),
  customer: str(),
  description: emptyable(str({ max: 1000 })),
  metadata: metadata(),
  payment_method: str(),
  payment_method_data: paymentMethodData,
  allowed_payment_method_types: arr(str()),
  payment_method_types: arr(str()),
  receipt_email: emptyable(str()),
  setup_future_usage: emptyable(oneOf('off_session', 'on_session')),
  shipping: shippingField,
  statement_descriptor: str({ max: 22 }),
  statement_descriptor_suffix: str({ max: 22 }),
  capture_method: oneOf('automatic', 'automatic_async', 'manual'),
  ...ignored,
};

type ShippingIn = Parsed<typeof createShape>['shipping'];

function toShipping(s: ShippingIn): Stripe.PaymentIntent.Shipping | null {
  if (!s) return null;
  return {
    address: fullAddress(s.address),
    name: s.name,
    carrier: s.carrier ?? null,
    phone: s.phone ?? null,
    tracking_number: s.tracking_number ?? null,
  };
}

export function checkClientSecret(
  call: Call,
  given: string | undefined,
  actual: string | null,
  kind: 'PaymentIntent' | 'SetupIntent',
): void {
  if (given === undefined) {
    if (call.publishable) throw validationError('Missing required param: client_secret.', 'client_secret', 'parameter_missing');
    return;
  }
  if (!secretsMatch(given, actual)) {
    throw invalid(
      `The client_secret provided does not match the client_secret associated with the ${kind}.`,
      'client_secret',
      kind === 'PaymentIntent' ? 'payment_intent_invalid_parameter' : 'setup_intent_invalid_parameter',
    );
  }
}

function intentOr404(emu: Emulator, id: string): Stripe.PaymentIntent {
  return getOr404(emu.state.paymentIntents, id, 'payment_intent', 'intent');
}

function missingPaymentMethod(pi: Stripe.PaymentIntent): ApiError {
  return unexpectedState(
    'payment_intent_unexpected_state',
    "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.",
    { payment_intent: snapshot(pi) },
  );
}

function requireReturnUrl(pi: Stripe.PaymentIntent, returnUrl: string | undefined, publishable: boolean): void {
  const apm = pi.automatic_payment_methods;
  if (publishable || returnUrl || !apm?.enabled || apm.allow_redirects === 'never') return;
  throw invalid(
    "This PaymentIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don't want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.",
    'return_url',
  );
}

function runConfirm(
  emu: Emulator,
  pi: Stripe.PaymentIntent,
  p: {
    payment_method?: string;
    payment_method_data?: Parsed<typeof createShape>['payment_method_data'];
    return_url?: string;
    off_session?: boolean;
    use_stripe_sdk?: boolean;
    error_on_requires_action?: boolean;
  },
  publishable: boolean,
): Stripe.PaymentIntent {
  requireReturnUrl(pi, p.return_url, publishable);
  let pmId = p.payment_method ?? idOf(pi.payment_method);
  if (p.payment_method_data) pmId = paymentMethodFromData(emu, p.payment_method_data).id;
  if (!pmId) throw missingPaymentMethod(pi);
  const pm = resolvePaymentMethod(emu, pmId, 'payment_method');
  const error = confirmPayment(emu, pi, pm, {
    offSession: p.off_session ?? false,
    returnUrl: p.return_url ?? null,
    useStripeSdk: p.use_stripe_sdk ?? false,
    errorOnRequiresAction: p.error_on_requires_action ?? false,
  });
  if (error) throw error;
  return pi;
}

function create(emu: Emulator, form: FormObject): Stripe.PaymentIntent {
  const p = parseParams(createShape, form);
  const currency = checkCurrency(p.currency);
  checkChargeAmount(p.amount, currency);
  const allowed = allowedTypes(p);
  if (p.off_session && !p.confirm) throw validationError('You can only pass off_session when confirm is true.', 'off_session');
  if (p.customer !== undefined) customerOr404(emu, p.customer);
  const pm =
    p.payment_method !== undefined
      ? resolvePaymentMethod(emu, p.payment_method, 'payment_method')
      : p.payment_method_data
        ? paymentMethodFromData(emu, p.payment_method_data)
        : null;
  const pi = createPaymentIntent(emu, {
    amount: p.amount,
    currency,
    created: nowSeconds(),
    customer: p.customer ?? null,
    description: p.description ?? null,
    metadata: applyMetadata({}, p.metadata),
    captureMethod: p.capture_method ?? 'automatic_async',
    allowedTypes: allowed,
    allowRedirects: p.automatic_payment_methods?.allow_redirects ?? 'always',
    paymentMethod: pm?.id ?? null,
    receiptEmail: p.receipt_email ?? null,
    setupFutureUsage: p.setup_future_usage ?? null,
    shipping: toShipping(p.shipping),
    statementDescriptor: p.statement_descriptor ?? null,
    statementDescriptorSuffix: p.statement_descriptor_suffix ?? null,
    invoice: null,
  });
  emu.events.emit('payment_intent.created', pi);
  if (!p.confirm) return pi;
  return runConfirm(emu, pi, { ...p, payment_method: pm?.id }, false);
}

function confirm(call: Call, pi: Stripe.PaymentIntent): object {
  const p = parseParams(confirmShape, call.params);
  checkClientSecret(call, p.client_secret, pi.client_secret, 'PaymentIntent');
  if (p.setup_future_usage !== undefined) pi.setup_future_usage = p.setup_future_usage;
  if (p.receipt_email !== undefined) pi.receipt_email = p.receipt_email;
  if (p.shipping !== undefined) pi.shipping = toShipping(p.shipping);
  if (p.capture_method !== undefined) pi.capture_method = p.capture_method;
  runConfirm(call.emu, pi, p, call.publishable);
  return call.publishable ? publicView(pi) : pi;
}

const UPDATABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

function update(emu: Emulator, pi: Stripe.PaymentIntent, form: FormObject): Stripe.PaymentIntent {
  const p = parseParams(updateShape, form);
  const money =
    p.amount !== undefined ||
    p.currency !== undefined ||
    p.payment_method !== undefined ||
    p.payment_method_data !== undefined ||
    p.capture_method !== undefined;
  if (money && !UPDATABLE.includes(pi.status)) {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      `This PaymentIntent's amount, currency or payment method could not be updated because it has a status of ${pi.status}. You may only update these while it has one of the following statuses: ${UPDATABLE.join(', ')}.`,
      { payment_intent: snapshot(pi) },
    );
  }
  const currency = p.currency !== undefined ? checkCurrency(p.currency) : pi.currency;
  if (p.amount !== undefined || p.currency !== undefined) checkChargeAmount(p.amount ?? pi.amount, currency);
  if (p.customer !== undefined) customerOr404(emu, p.customer);
  if (p.amount !== undefined) pi.amount = p.amount;
  pi.currency = currency;
  if (p.customer !== undefined) pi.customer = p.customer;
  pi.description = nullable(p.description, pi.description);
  pi.metadata = applyMetadata(pi.metadata, p.metadata);
  pi.receipt_email = nullable(p.receipt_email, pi.receipt_email);
  if (p.setup_future_usage !== undefined) pi.setup_future_usage = p.setup_future_usage;
  if (p.shipping !== undefined) pi.shipping = toShipping(p.shipping);
  if (p.statement_descriptor !== undefined) pi.statement_descriptor = p.statement_descriptor;
  if (p.statement_descriptor_suffix !== undefined) pi.statement_descriptor_suffix = p.statement_descriptor_suffix;
  if (p.capture_method !== undefined) pi.capture_method = p.capture_method;
  if (p.allowed_payment_method_types !== undefined || p.payment_method_types !== undefined) {
    pi.allowed_payment_method_types = allowedTypes(p);
    pi.automatic_payment_methods = null;
  }
  const pm =
    p.payment_method !== undefined
      ? resolvePaymentMethod(emu, p.payment_method, 'payment_method')
      : p.payment_method_data
        ? paymentMethodFromData(emu, p.payment_method_data)
        : null;
  if (pm) {
    pi.payment_method = pm.id;
    pi.status = 'requires_confirmation';
    pi.next_action = null;
  }
  return pi;
}

const captureShape = {
  amount_to_capture: int({ min: 1 }),
  metadata: metadata(),
  statement_descriptor: str(),
  statement_descriptor_suffix: str(),
  final_capture: bool(),
  application_fee_amount: accepted(),
  transfer_data: accepted(),
  amount_details: accepted(),
  payment_details: accepted(),
  hooks: accepted(),
};

/** Captures all or part of an authorized PaymentIntent; the rest of the hold is released. */
export function capturePaymentIntent(
  emu: Emulator,
  pi: Stripe.PaymentIntent,
  amountToCapture: number | undefined,
  meta?: Record<string, string> | null,
): Stripe.PaymentIntent {
  if (pi.status !== 'requires_capture') {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      { payment_intent: snapshot(pi) },
    );
  }
  const amount = amountToCapture ?? pi.amount_capturable;
  if (amount > pi.amount_capturable) {
    throw invalid(
      `The amount to capture (${amount}) is greater than the amount capturable (${pi.amount_capturable}) on this PaymentIntent.`,
      'amount_to_capture',
      'amount_too_large',
    );
  }
  const charge = emu.state.charges.get(idOf(pi.latest_charge) ?? '');
  if (charge) {
    const before = snapshot(charge);
    charge.captured = true;
    charge.amount_captured = amount;
    // Stripe releases the uncaptured remainder, which shows as refunded on the charge.
    charge.amount_refunded = charge.amount - amount;
    emu.events.emitChange('charge.captured', charge, before);
  }
  pi.metadata = applyMetadata(pi.metadata, meta);
  pi.amount_received = amount;
  pi.amount_capturable = 0;
  pi.status = 'succeeded';
  emu.events.emit('payment_intent.succeeded', pi);
  return pi;
}

const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action'];

export function cancelPaymentIntent(
  emu: Emulator,
  pi: Stripe.PaymentIntent,
  reason: Stripe.PaymentIntent.CancellationReason | null,
): Stripe.PaymentIntent {
  if (!CANCELABLE.includes(pi.status)) {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
      { payment_intent: snapshot(pi) },
    );
  }
  if (pi.status === 'requires_capture') {
    const charge = emu.state.charges.get(idOf(pi.latest_charge) ?? '');
    if (charge) {
      const before = snapshot(charge);
      charge.amount_refunded = charge.amount;
      charge.refunded = true;
      emu.events.emitChange('charge.refunded', charge, before);
    }
  }
  pi.status = 'canceled';
  pi.canceled_at = nowSeconds();
  pi.cancellation_reason = reason;
  pi.amount_capturable = 0;
  pi.next_action = null;
  emu.events.emit('payment_intent.canceled', pi);
  return pi;
}

export const paymentIntentRoutes: Route[] = [
  { method: 'POST', path: '/v1/payment_intents', handler: ({ emu, params }) => create(emu, params) },
  {
    method: 'GET',
    path: '/v1/payment_intents/:id',
    publishable: true,
    handler: (call) => {
      const p = parseParams({ ...browserNoise }, call.params);
      const pi = intentOr404(call.emu, call.path.id as string);
      checkClientSecret(call, p.client_secret, pi.client_secret, 'PaymentIntent');
      return call.publishable ? publicView(pi) : pi;
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id',
    handler: ({ emu, path, params }) => update(emu, intentOr404(emu, path.id as string), params),
  },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id/confirm',
    publishable: true,
    handler: (call) => confirm(call, intentOr404(call.emu, call.path.id as string)),
  },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id/capture',
    handler: ({ emu, path, params }) => {
      const p = parseParams(captureShape, params);
      return capturePaymentIntent(emu, intentOr404(emu, path.id as string), p.amount_to_capture, p.metadata);
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id/cancel',
    handler: ({ emu, path, params }) => {
      const p = parseParams({ cancellation_reason: oneOf('duplicate', 'fraudulent', 'requested_by_customer', 'abandoned') }, params);
      const pi = intentOr404(emu, path.id as string);
      if (emu.state.intents.get(pi.id)?.invoice) {
        throw unexpectedState(
          'payment_intent_unexpected_state',
          'You cannot cancel this PaymentIntent because it was created by an invoice. Void the invoice instead.',
        );
      }
      return cancelPaymentIntent(emu, pi, p.cancellation_reason ?? null);
    },
  },
  {
    method: 'GET',
    path: '/v1/payment_intents',
    handler: ({ emu, params }) => {
      const p = parseParams({ ...pagination, created: range(), customer: str(), customer_account: accepted() }, params);
      return paginate(
        emu.state.paymentIntents.values(),
        p,
        '/v1/payment_intents',
        (pi) => p.customer === undefined || idOf(pi.customer) === p.customer,
      );
    },
  },
];
