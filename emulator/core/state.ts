// Everything the emulator knows, as Stripe objects keyed by id plus a little private bookkeeping.
import type Stripe from 'stripe';

/** Private facts about a card PaymentMethod that Stripe keeps but never shows. */
export interface CardInternal {
  /** The test card number the method was made from (decides every outcome). */
  number: string;
  /** Authenticated for later off-session use (SetupIntent or setup_future_usage). */
  setUp: boolean;
  /** Used once without a customer: Stripe refuses to use it again. */
  consumed: boolean;
}

/** Private facts about a PaymentIntent or SetupIntent in flight. */
export interface IntentInternal {
  returnUrl: string | null;
  useStripeSdk: boolean;
  offSession: boolean;
  /** The invoice this PaymentIntent collects, if any. */
  invoice: string | null;
  /** The subscription whose pending_setup_intent this SetupIntent is, if any. */
  subscription: string | null;
  /** The payment method under authentication while `requires_action`. */
  pendingPaymentMethod: string | null;
}

export interface SubscriptionInternal {
  trialWillEndSent: boolean;
  /** customer.subscription.created has gone out; later changes emit .updated. */
  announced: boolean;
}

export interface State {
  customers: Map<string, Stripe.Customer>;
  deletedCustomers: Set<string>;
  paymentMethods: Map<string, Stripe.PaymentMethod>;
  paymentIntents: Map<string, Stripe.PaymentIntent>;
  setupIntents: Map<string, Stripe.SetupIntent>;
  charges: Map<string, Stripe.Charge>;
  refunds: Map<string, Stripe.Refund>;
  disputes: Map<string, Stripe.Dispute>;
  products: Map<string, Stripe.Product>;
  deletedProducts: Set<string>;
  prices: Map<string, Stripe.Price>;
  subscriptions: Map<string, Stripe.Subscription>;
  invoices: Map<string, Stripe.Invoice>;
  invoiceItems: Map<string, Stripe.InvoiceItem>;
  invoicePayments: Map<string, Stripe.InvoicePayment>;
  events: Map<string, Stripe.EventBase>;
  webhookEndpoints: Map<string, Stripe.WebhookEndpoint>;
  endpointSecrets: Map<string, string>;
  testClocks: Map<string, Stripe.TestHelpers.TestClock>;
  cards: Map<string, CardInternal>;
  intents: Map<string, IntentInternal>;
  subscriptionInternals: Map<string, SubscriptionInternal>;
}

export function createState(): State {
  return {
    customers: new Map(),
    deletedCustomers: new Set(),
    paymentMethods: new Map(),
    paymentIntents: new Map(),
    setupIntents: new Map(),
    charges: new Map(),
    refunds: new Map(),
    disputes: new Map(),
    products: new Map(),
    deletedProducts: new Set(),
    prices: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    invoiceItems: new Map(),
    invoicePayments: new Map(),
    events: new Map(),
    webhookEndpoints: new Map(),
    endpointSecrets: new Map(),
    testClocks: new Map(),
    cards: new Map(),
    intents: new Map(),
    subscriptionInternals: new Map(),
  };
}

/** Empties every collection in place, so holders of the state object see the reset. */
export function clearState(state: State): void {
  for (const value of Object.values(state)) (value as Map<string, unknown> | Set<string>).clear();
}
