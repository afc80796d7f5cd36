// SetupIntents: save a card for later (off-session) use; create, retrieve, update, confirm, cancel, list.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { clientSecret, newId } from '../core/ids';
import { snapshot } from '../core/json';
import { nowSeconds } from '../core/time';
import { invalid, unexpectedState } from '../wire/errors';
import type { FormObject } from '../wire/form';
import { paginate } from '../wire/list';
import type { Call, Route } from '../wire/router';
import {
  accepted,
  applyMetadata,
  arr,
  bool,
  emptyable,
  metadata,
  obj,
  oneOf,
  pagination,
  parseParams,
  range,
  required,
  str,
} from '../wire/schema';
import { resolvePaymentMethod } from '../payments/cards';
import { confirmSetup } from '../payments/confirm-setup';
import { intentInternal, publicView } from '../payments/intent-object';
import { allowedTypes } from '../payments/method-types';
import { browserNoise, checkClientSecret } from './payment-intents';
import { paymentMethodData, paymentMethodFromData } from './payment-methods';
import { customerOr404, getOr404, idOf, nullable } from './common';

export interface NewSetupIntent {
  customer: string | null;
  created: number;
  description: string | null;
  metadata: Record<string, string>;
  paymentMethod: string | null;
  /** `allowed_payment_method_types`; null means automatic payment methods. */
  allowedTypes: string[] | null;
  usage: 'off_session' | 'on_session';
}

export function createSetupIntent(emu: Emulator, p: NewSetupIntent): Stripe.SetupIntent {
  const id = newId('seti', 24);
  const automatic = p.allowedTypes === null;
  const si: Stripe.SetupIntent = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: p.allowedTypes,
    application: null,
    automatic_payment_methods: automatic ? { allow_redirects: 'always', enabled: true } : null,
    cancellation_reason: null,
    client_secret: clientSecret(id),
    created: p.created,
    customer: p.customer,
    customer_account: null,
    description: p.description,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: p.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: p.paymentMethod,
    payment_method_configuration_details: automatic ? { id: 'pmc_emulator_default', parent: null } : null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: p.paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    usage: p.usage,
  };
  emu.state.setupIntents.set(id, si);
  intentInternal(emu, id);
  emu.events.emit('setup_intent.created', si);
  return si;
}

const ignored = {
  attach_to_self: accepted(),
  flow_directions: accepted(),
  mandate_data: accepted(),
  on_behalf_of: accepted(),
  payment_method_configuration: accepted(),
  payment_method_options: accepted(),
  single_use: accepted(),
  confirmation_token: accepted(),
  customer_account: accepted(),
  excluded_payment_method_types: accepted(),
};

const createShape = {
  automatic_payment_methods: obj({ enabled: required(bool()), allow_redirects: oneOf('always', 'never') }),
  confirm: bool(),
  customer: str(),
  description: str({ max: 1000 }),
  metadata: metadata(),
  payment_method: str(),
  payment_method_data: paymentMethodData,
  allowed_payment_method_types: arr(str()),
  payment_method_types: arr(str()),
  return_url: str({ max: 2048 }),
  usage: oneOf('off_session', 'on_session'),
  use_stripe_sdk: bool(),
  ...ignored,
};

function intentOr404(emu: Emulator, id: string): Stripe.SetupIntent {
  return getOr404(emu.state.setupIntents, id, 'setup_intent', 'intent');
}

function runConfirm(
  emu: Emulator,
  si: Stripe.SetupIntent,
  p: {
    payment_method?: string;
    payment_method_data?: Parameters<typeof paymentMethodFromData>[1];
    return_url?: string;
    use_stripe_sdk?: boolean;
  },
  publishable: boolean,
): Stripe.SetupIntent {
  const apm = si.automatic_payment_methods;
  if (!publishable && !p.return_url && apm?.enabled && apm.allow_redirects !== 'never') {
    throw invalid(
      "This SetupIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don't want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.",
      'return_url',
    );
  }
  let pmId = p.payment_method ?? idOf(si.payment_method);
  if (p.payment_method_data) pmId = paymentMethodFromData(emu, p.payment_method_data).id;
  if (!pmId) {
    throw unexpectedState(
      'setup_intent_unexpected_state',
      "You cannot confirm this SetupIntent because it's missing a payment method. Update the SetupIntent with a payment method and then confirm it again.",
      { setup_intent: snapshot(si) },
    );
  }
  const pm = resolvePaymentMethod(emu, pmId, 'payment_method');
  const error = confirmSetup(emu, si, pm, { returnUrl: p.return_url ?? null, useStripeSdk: p.use_stripe_sdk ?? false });
  if (error) throw error;
  return si;
}

function create(emu: Emulator, form: FormObject): Stripe.SetupIntent {
  const p = parseParams(createShape, form);
  const allowed = allowedTypes(p);
  if (p.customer !== undefined) customerOr404(emu, p.customer);
  const pm =
    p.payment_method !== undefined
      ? resolvePaymentMethod(emu, p.payment_method, 'payment_method')
      : p.payment_method_data
        ? paymentMethodFromData(emu, p.payment_method_data)
        : null;
  const si = createSetupIntent(emu, {
    customer: p.customer ?? null,
    created: nowSeconds(),
    description: p.description ?? null,
    metadata: applyMetadata({}, p.metadata),
    paymentMethod: pm?.id ?? null,
    allowedTypes: allowed,
    usage: p.usage ?? 'off_session',
  });
  if (p.automatic_payment_methods?.allow_redirects === 'never' && si.automatic_payment_methods)
    si.automatic_payment_methods.allow_redirects = 'never';
  if (!p.confirm) return si;
  return runConfirm(emu, si, { ...p, payment_method: pm?.id, payment_method_data: undefined }, false);
}

const confirmShape = {
  payment_method: str(),
  payment_method_data: paymentMethodData,
  return_url: str({ max: 2048 }),
  use_stripe_sdk: bool(),
  mandate_data: accepted(),
  payment_method_options: accepted(),
  confirmation_token: accepted(),
  allowed_payment_method_types: accepted(),
  ...browserNoise,
};

function confirm(call: Call, si: Stripe.SetupIntent): object {
  const p = parseParams(confirmShape, call.params);
  checkClientSecret(call, p.client_secret, si.client_secret, 'SetupIntent');
  runConfirm(call.emu, si, p, call.publishable);
  return call.publishable ? publicView(si) : si;
}

const updateShape = {
  customer: str(),
  description: emptyable(str({ max: 1000 })),
  metadata: metadata(),
  payment_method: str(),
  payment_method_data: paymentMethodData,
  allowed_payment_method_types: arr(str()),
  payment_method_types: arr(str()),
  ...ignored,
};

function update(emu: Emulator, si: Stripe.SetupIntent, form: FormObject): Stripe.SetupIntent {
  const p = parseParams(updateShape, form);
  if (p.customer !== undefined) si.customer = customerOr404(emu, p.customer).id;
  si.description = nullable(p.description, si.description);
  si.metadata = applyMetadata(si.metadata, p.metadata);
  if (p.allowed_payment_method_types !== undefined || p.payment_method_types !== undefined) {
    si.allowed_payment_method_types = allowedTypes(p);
    si.automatic_payment_methods = null;
  }
  const pm =
    p.payment_method !== undefined
      ? resolvePaymentMethod(emu, p.payment_method, 'payment_method')
      : p.payment_method_data
        ? paymentMethodFromData(emu, p.payment_method_data)
        : null;
  if (pm) {
    si.payment_method = pm.id;
    si.status = 'requires_confirmation';
  }
  return si;
}

const CANCELABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

function cancel(emu: Emulator, si: Stripe.SetupIntent, form: FormObject): Stripe.SetupIntent {
  const p = parseParams({ cancellation_reason: oneOf('abandoned', 'duplicate', 'requested_by_customer') }, form);
  if (!CANCELABLE.includes(si.status)) {
    throw unexpectedState('setup_intent_unexpected_state', `You cannot cancel this SetupIntent because it has a status of ${si.status}.`, {
      setup_intent: snapshot(si),
    });
  }
  si.status = 'canceled';
  si.cancellation_reason = p.cancellation_reason ?? null;
  si.next_action = null;
  emu.events.emit('setup_intent.canceled', si);
  return si;
}

export const setupIntentRoutes: Route[] = [
  { method: 'POST', path: '/v1/setup_intents', handler: ({ emu, params }) => create(emu, params) },
  {
    method: 'GET',
    path: '/v1/setup_intents/:id',
    publishable: true,
    handler: (call) => {
      const p = parseParams({ ...browserNoise }, call.params);
      const si = intentOr404(call.emu, call.path.id as string);
      checkClientSecret(call, p.client_secret, si.client_secret, 'SetupIntent');
      return call.publishable ? publicView(si) : si;
    },
  },
  {
    method: 'POST',
    path: '/v1/setup_intents/:id',
    handler: ({ emu, path, params }) => update(emu, intentOr404(emu, path.id as string), params),
  },
  {
    method: 'POST',
    path: '/v1/setup_intents/:id/confirm',
    publishable: true,
    handler: (call) => confirm(call, intentOr404(call.emu, call.path.id as string)),
  },
  {
    method: 'POST',
    path: '/v1/setup_intents/:id/cancel',
    handler: ({ emu, path, params }) => cancel(emu, intentOr404(emu, path.id as string), params),
  },
  {
    method: 'GET',
    path: '/v1/setup_intents',
    handler: ({ emu, params }) => {
      const p = parseParams(
        {
          ...pagination,
          created: range(),
          customer: str(),
          payment_method: str(),
          attach_to_self: accepted(),
          customer_account: accepted(),
        },
        params,
      );
      return paginate(
        emu.state.setupIntents.values(),
        p,
        '/v1/setup_intents',
        (si) =>
          (p.customer === undefined || idOf(si.customer) === p.customer) &&
          (p.payment_method === undefined || idOf(si.payment_method) === p.payment_method),
      );
    },
  },
];
