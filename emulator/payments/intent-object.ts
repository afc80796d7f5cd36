// Builds PaymentIntent objects and the restricted view a publishable key may see.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { clientSecret, newId } from '../core/ids';
import type { IntentInternal } from '../core/state';

export interface NewPaymentIntent {
  amount: number;
  currency: string;
  created: number;
  customer: string | null;
  description: string | null;
  metadata: Record<string, string>;
  captureMethod: Stripe.PaymentIntent.CaptureMethod;
  /** `allowed_payment_method_types`; null means automatic payment methods. */
  allowedTypes: string[] | null;
  allowRedirects: 'always' | 'never';
  paymentMethod: string | null;
  receiptEmail: string | null;
  setupFutureUsage: Stripe.PaymentIntent.SetupFutureUsage | null;
  shipping: Stripe.PaymentIntent.Shipping | null;
  statementDescriptor: string | null;
  statementDescriptorSuffix: string | null;
  invoice: string | null;
}

export function createPaymentIntent(emu: Emulator, p: NewPaymentIntent): Stripe.PaymentIntent {
  const id = newId('pi', 24);
  const automatic = p.allowedTypes === null;
  const pi: Stripe.PaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: p.allowedTypes,
    amount: p.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: automatic ? { allow_redirects: p.allowRedirects, enabled: true } : null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: p.captureMethod,
    client_secret: clientSecret(id),
    confirmation_method: 'automatic',
    created: p.created,
    currency: p.currency,
    customer: p.customer,
    customer_account: null,
    description: p.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: p.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: p.paymentMethod,
    payment_method_configuration_details: automatic ? { id: 'pmc_emulator_default', parent: null } : null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: p.receiptEmail,
    review: null,
    setup_future_usage: p.setupFutureUsage,
    shipping: p.shipping,
    source: null,
    statement_descriptor: p.statementDescriptor,
    statement_descriptor_suffix: p.statementDescriptorSuffix,
    status: p.paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
  emu.state.paymentIntents.set(id, pi);
  emu.state.intents.set(id, {
    returnUrl: null,
    useStripeSdk: false,
    offSession: false,
    invoice: p.invoice,
    subscription: null,
    pendingPaymentMethod: null,
  });
  return pi;
}

export function intentInternal(emu: Emulator, id: string): IntentInternal {
  let internal = emu.state.intents.get(id);
  if (!internal) {
    internal = { returnUrl: null, useStripeSdk: false, offSession: false, invoice: null, subscription: null, pendingPaymentMethod: null };
    emu.state.intents.set(id, internal);
  }
  return internal;
}

const PUBLIC_INTENT_FIELDS = [
  'id',
  'object',
  'allowed_payment_method_types',
  'amount',
  'amount_details',
  'automatic_payment_methods',
  'canceled_at',
  'cancellation_reason',
  'capture_method',
  'client_secret',
  'confirmation_method',
  'created',
  'currency',
  'description',
  'excluded_payment_method_types',
  'last_payment_error',
  'livemode',
  'next_action',
  'payment_method',
  'payment_method_configuration_details',
  'payment_method_types',
  'processing',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'source',
  'status',
  'usage',
  'last_setup_error',
  'cancellation_reason',
];

/** What Stripe returns to a publishable key: no customer, metadata or amounts received. */
export function publicView(intent: object): object {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(intent)) if (PUBLIC_INTENT_FIELDS.includes(k)) out[k] = v;
  return out;
}
