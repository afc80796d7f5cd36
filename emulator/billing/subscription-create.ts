// Creating a subscription: trial or first invoice, and the payment_behavior Stripe applies to it.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { newId } from '../core/ids';
import { addIntervals } from '../core/time';
import { ApiError, invalid } from '../wire/errors';
import { idOf } from '../resources/common';
import { createSetupIntent } from '../resources/setup-intents';
import { intentInternal } from '../payments/intent-object';
import { collectInvoice, finalizeInvoice, voidInvoice } from './collect';
import { paymentMethodOfSubscription, periodInvoice } from './cycle';
import { createInvoiceItem } from './invoice-item-object';
import { createItem, intervalOf } from './items';
import { subInternal } from './subscription-status';

export interface NewSubscription {
  customer: Stripe.Customer;
  at: number;
  items: { price: Stripe.Price; quantity: number; metadata: Record<string, string> }[];
  addInvoiceItems: { price: Stripe.Price; quantity: number; metadata: Record<string, string> }[];
  paymentBehavior: 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete' | 'pending_if_incomplete';
  collectionMethod: 'charge_automatically' | 'send_invoice';
  daysUntilDue: number | null;
  defaultPaymentMethod: string | null;
  description: string | null;
  metadata: Record<string, string>;
  trialEnd: number | null;
  backdateStartDate: number | null;
  billingCycleAnchor: number | null;
  cancelAt: number | null;
  cancelAtPeriodEnd: boolean;
  offSession: boolean;
  prorate: boolean;
  saveDefaultPaymentMethod: 'off' | 'on_subscription';
  missingPaymentMethod: 'cancel' | 'create_invoice' | 'pause';
}

function firstPeriodEnd(p: NewSubscription, start: number, anchor: number): { end: number; factor: number } {
  const first = p.items[0]?.price as Stripe.Price;
  const { interval, count } = intervalOf(first);
  if (p.trialEnd) return { end: p.trialEnd, factor: 1 };
  const full = addIntervals(start, interval, count, 1);
  if (anchor > start) {
    if (anchor > full)
      throw invalid(
        'billing_cycle_anchor cannot be later than the next natural billing date for the subscription.',
        'billing_cycle_anchor',
      );
    return { end: anchor, factor: p.prorate ? (anchor - start) / (full - start) : 1 };
  }
  return { end: addIntervals(anchor, interval, count, 1), factor: 1 };
}

export function createSubscription(emu: Emulator, p: NewSubscription): Stripe.Subscription {
  const { customer, at } = p;
  const start = p.backdateStartDate ?? at;
  const anchor = p.billingCycleAnchor ?? p.trialEnd ?? start;
  const period = firstPeriodEnd(p, start, anchor);
  const currency = (p.items[0]?.price as Stripe.Price).currency;
  const id = newId('sub', 24);
  const sub: Stripe.Subscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: anchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: { proration_discounts: 'included' }, type: 'flexible', updated_at: at },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: p.cancelAtPeriodEnd ? period.end : p.cancelAt,
    cancel_at_period_end: p.cancelAtPeriodEnd,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: p.collectionMethod,
    created: at,
    currency,
    customer: customer.id,
    customer_account: null,
    days_until_due: p.daysUntilDue,
    default_payment_method: p.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: p.description,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    items: { object: 'list', data: [], has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: p.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: p.saveDefaultPaymentMethod },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: start,
    status: p.trialEnd ? 'trialing' : 'incomplete',
    test_clock: customer.test_clock ?? null,
    transfer_data: null,
    trial_end: p.trialEnd,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: p.missingPaymentMethod } },
    trial_start: p.trialEnd ? start : null,
  };
  sub.items.data = p.items.map((i) => createItem(id, i.price, i.quantity, i.metadata, { start, end: period.end }, at));
  emu.state.subscriptions.set(id, sub);
  const internal = subInternal(emu, id);
  internal.announced = false;
  for (const extra of p.addInvoiceItems) {
    createInvoiceItem(emu, {
      customer,
      amount: (extra.price.unit_amount ?? 0) * extra.quantity,
      currency,
      description: null,
      quantity: extra.quantity,
      unitAmount: extra.price.unit_amount,
      price: extra.price,
      period: { start, end: start },
      date: at,
      proration: false,
      subscription: id,
      subscriptionItem: null,
      invoice: null,
      metadata: extra.metadata,
    });
  }
  let failure: ApiError | null = null;
  const invoice = periodInvoice(emu, sub, {
    reason: 'subscription_create',
    period: { start, end: period.end },
    trial: p.trialEnd !== null,
    at,
    autoAdvance: false,
    factor: period.factor,
  });
  finalizeInvoice(emu, invoice, at);
  // send_invoice subscriptions are active at once; the customer pays the invoice by its due date.
  if (invoice.status === 'open' && p.collectionMethod === 'send_invoice') sub.status = 'active';
  else if (invoice.status === 'open' && p.paymentBehavior !== 'default_incomplete') {
    failure = collectInvoice(emu, invoice, { offSession: p.offSession, automatic: false });
  }
  if (p.trialEnd && p.paymentBehavior === 'default_incomplete' && !paymentMethodOfSubscription(emu, sub)) {
    const si = createSetupIntent(emu, {
      customer: customer.id,
      created: at,
      description: null,
      metadata: {},
      paymentMethod: null,
      allowedTypes: ['card'],
      usage: 'off_session',
    });
    intentInternal(emu, si.id).subscription = id;
    sub.pending_setup_intent = si.id;
  }
  if (failure && p.paymentBehavior === 'error_if_incomplete') {
    // Stripe does not keep a subscription whose first payment failed under error_if_incomplete.
    if (invoice.status === 'open') voidInvoice(emu, invoice, at);
    sub.status = 'incomplete_expired';
    sub.ended_at = at;
    internal.announced = true;
    throw failure;
  }
  internal.announced = true;
  emu.events.emit('customer.subscription.created', sub);
  return sub;
}

export function checkSubscriptionPrices(prices: Stripe.Price[], param: (i: number) => string): void {
  const first = prices[0];
  prices.forEach((price, i) => {
    if (price.type !== 'recurring') {
      throw invalid('The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.', param(i));
    }
    if (!price.active) throw invalid('The price specified is inactive. This field only accepts active prices.', param(i));
    if (first && price.currency !== first.currency) throw invalid('All prices on a subscription must have the same `currency`.', param(i));
    if (
      first &&
      (price.recurring?.interval !== first.recurring?.interval || price.recurring?.interval_count !== first.recurring?.interval_count)
    ) {
      throw invalid('All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.', param(i));
    }
  });
}

export function ensureAttached(emu: Emulator, customer: Stripe.Customer, pmId: string, param: string): void {
  const pm = emu.state.paymentMethods.get(pmId);
  if (!pm || idOf(pm.customer) !== customer.id) {
    throw invalid(
      `The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`,
      param,
      'resource_missing',
    );
  }
}
