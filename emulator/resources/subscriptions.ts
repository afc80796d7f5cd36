// Subscriptions: create, retrieve, update (items, cancel_at_period_end, trial, pause), cancel now,
// resume a paused one, list.
import type Stripe from 'stripe';
import { nowFor } from '../core/clock';
import type { Emulator } from '../core/context';
import { snapshot } from '../core/json';
import { addIntervals, DAY } from '../core/time';
import { ApiError, invalid, missingParam, validationError } from '../wire/errors';
import type { FormObject } from '../wire/form';
import { paginate } from '../wire/list';
import type { Route } from '../wire/router';
import {
  accepted,
  applyMetadata,
  arr,
  bool,
  decimal,
  emptyable,
  inRange,
  int,
  metadata,
  obj,
  oneOf,
  pagination,
  parseParams,
  range,
  required,
  str,
  timestampOrNow,
  type Field,
  type Parsed,
} from '../wire/schema';
import { cancelSubscriptionNow } from '../billing/cancel';
import { periodInvoice } from '../billing/cycle';
import { collectInvoice, finalizeInvoice } from '../billing/collect';
import { createInvoiceItem } from '../billing/invoice-item-object';
import { intervalOf, periodOf, setPeriod } from '../billing/items';
import { checkSubscriptionPrices, createSubscription, ensureAttached } from '../billing/subscription-create';
import { subscriptionChanged } from '../billing/subscription-status';
import { applyItemEdits, billItemChanges, invoiceNow, type ItemEdit } from '../billing/subscription-update';
import { createPrice, priceOr404 } from './prices';
import { productOr404 } from './products';
import { customerOr404, getOr404, idOf } from './common';

export const itemPriceData = obj({
  currency: required(str()),
  product: required(str()),
  recurring: required(obj({ interval: required(oneOf('day', 'week', 'month', 'year')), interval_count: int({ min: 1, max: 365 }) })),
  unit_amount: int({ min: 0, max: 99_999_999 }),
  unit_amount_decimal: decimal(),
  tax_behavior: oneOf('exclusive', 'inclusive', 'unspecified'),
});

const itemFields = {
  price: str(),
  plan: str(),
  price_data: itemPriceData,
  quantity: int({ min: 0 }),
  metadata: metadata(),
  tax_rates: accepted(),
  discounts: accepted(),
  billing_thresholds: accepted(),
};

const addInvoiceItem = obj({
  price: str(),
  price_data: obj({
    currency: required(str()),
    product: required(str()),
    unit_amount: int({ min: 0 }),
    unit_amount_decimal: decimal(),
    tax_behavior: oneOf('exclusive', 'inclusive', 'unspecified'),
  }),
  quantity: int({ min: 1 }),
  metadata: metadata(),
  discounts: accepted(),
  period: accepted(),
  tax_rates: accepted(),
});

/** `{ type: 'now' | 'unchanged' }` in this API version; the older bare string is accepted too. */
function anchorField(): Field<'now' | 'unchanged'> {
  const word = oneOf('now', 'unchanged');
  const typed = obj({ type: required(word) });
  return { required: false, parse: (v, path) => (typeof v === 'string' ? word.parse(v, path) : typed.parse(v, path).type) };
}

/** A timestamp, or one of the period-relative keywords. */
function cancelAtField(): Field<number | 'max_period_end' | 'min_period_end' | 'max_billed_until'> {
  const ts = int({ min: 0 });
  const word = oneOf('max_period_end', 'min_period_end', 'max_billed_until');
  return { required: false, parse: (v, path) => (typeof v === 'string' && /^[a-z_]+$/.test(v) ? word.parse(v, path) : ts.parse(v, path)) };
}

const trialSettings = obj({
  end_behavior: required(
    obj({ missing_payment_method: required(oneOf('cancel', 'create_invoice', 'pause')), billing_cycle_anchor: oneOf('now', 'unchanged') }),
  ),
});

const paymentSettings = obj({
  save_default_payment_method: oneOf('off', 'on_subscription'),
  payment_method_types: accepted(),
  payment_method_options: accepted(),
});

const ignored = {
  application_fee_percent: accepted(),
  automatic_tax: accepted(),
  billing_cycle_anchor_config: accepted(),
  billing_mode: accepted(),
  billing_schedules: accepted(),
  billing_thresholds: accepted(),
  currency: accepted(),
  default_source: accepted(),
  default_tax_rates: accepted(),
  discounts: accepted(),
  invoice_settings: accepted(),
  on_behalf_of: accepted(),
  pending_invoice_item_interval: accepted(),
  transfer_data: accepted(),
  customer_account: accepted(),
};

const createShape = {
  customer: str(),
  items: arr(obj(itemFields), { max: 20 }),
  add_invoice_items: arr(addInvoiceItem, { max: 20 }),
  backdate_start_date: int({ min: 0 }),
  billing_cycle_anchor: int({ min: 0 }),
  cancel_at: cancelAtField(),
  cancel_at_period_end: bool(),
  collection_method: oneOf('charge_automatically', 'send_invoice'),
  days_until_due: int({ min: 0, max: 730 }),
  default_payment_method: str(),
  description: str({ max: 500 }),
  metadata: metadata(),
  off_session: bool(),
  payment_behavior: oneOf('allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'),
  payment_settings: paymentSettings,
  proration_behavior: oneOf('create_prorations', 'none', 'always_invoice'),
  trial_end: timestampOrNow(),
  trial_from_plan: bool(),
  trial_period_days: int({ min: 0, max: 730 }),
  trial_settings: trialSettings,
  ...ignored,
};

type ItemIn = { price?: string; plan?: string; price_data?: Parsed<{ d: typeof itemPriceData }>['d'] };

function priceOfItem(emu: Emulator, item: ItemIn, param: string): Stripe.Price {
  const id = item.price ?? item.plan;
  if (id !== undefined) return priceOr404(emu, id, `${param}[price]`);
  if (!item.price_data) throw missingParam(`${param}[price]`);
  productOr404(emu, item.price_data.product, `${param}[price_data][product]`);
  return createPrice(emu, item.price_data.product, item.price_data);
}

function trialEndOf(p: Parsed<typeof createShape>, prices: Stripe.Price[], at: number): number | null {
  if (p.trial_end === 'now') return null;
  if (p.trial_end !== undefined) {
    if (p.trial_end <= at) throw validationError('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end');
    return p.trial_end;
  }
  if (p.trial_period_days) return at + p.trial_period_days * DAY;
  const fromPlan = prices[0]?.recurring?.trial_period_days;
  if (p.trial_from_plan && fromPlan) return at + fromPlan * DAY;
  return null;
}

function create(emu: Emulator, form: FormObject): Stripe.Subscription {
  const p = parseParams(createShape, form);
  if (p.customer === undefined) throw missingParam('customer');
  if (!p.items || p.items.length === 0) throw missingParam('items');
  const customer = customerOr404(emu, p.customer);
  const at = nowFor(emu, customer.id);
  const items = p.items.map((item, i) => ({
    price: priceOfItem(emu, item, `items[${i}]`),
    quantity: item.quantity ?? 1,
    metadata: applyMetadata({}, item.metadata),
  }));
  checkSubscriptionPrices(
    items.map((i) => i.price),
    (i) => `items[${i}][price]`,
  );
  if (p.default_payment_method) ensureAttached(emu, customer, p.default_payment_method, 'default_payment_method');
  const collection = p.collection_method ?? 'charge_automatically';
  if (collection === 'send_invoice' && p.days_until_due === undefined) throw missingParam('days_until_due');
  const trialEnd = trialEndOf(
    p,
    items.map((i) => i.price),
    at,
  );
  const behavior = p.payment_behavior ?? 'allow_incomplete';
  const pm = p.default_payment_method ?? customer.invoice_settings.default_payment_method;
  const firstIsFree = trialEnd !== null || items.every((i) => (i.price.unit_amount ?? 0) * i.quantity === 0);
  if (collection === 'charge_automatically' && behavior !== 'default_incomplete' && !pm && !firstIsFree) {
    throw invalid(
      'This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.',
      undefined,
      'resource_missing',
    );
  }
  const addInvoiceItems = (p.add_invoice_items ?? []).map((x, i) => {
    const price =
      x.price !== undefined
        ? priceOr404(emu, x.price, `add_invoice_items[${i}][price]`)
        : x.price_data
          ? createPrice(emu, x.price_data.product, x.price_data)
          : null;
    if (!price) throw missingParam(`add_invoice_items[${i}][price]`);
    return { price, quantity: x.quantity ?? 1, metadata: applyMetadata({}, x.metadata) };
  });
  return createSubscription(emu, {
    customer,
    at,
    items,
    addInvoiceItems,
    paymentBehavior: behavior,
    collectionMethod: collection,
    daysUntilDue: p.days_until_due ?? null,
    defaultPaymentMethod: p.default_payment_method ?? null,
    description: p.description ?? null,
    metadata: applyMetadata({}, p.metadata),
    trialEnd,
    backdateStartDate: p.backdate_start_date ?? null,
    billingCycleAnchor: p.billing_cycle_anchor ?? null,
    cancelAt: typeof p.cancel_at === 'number' ? p.cancel_at : null,
    cancelAtPeriodEnd: (p.cancel_at_period_end ?? false) || (p.cancel_at !== undefined && typeof p.cancel_at !== 'number'),
    offSession: p.off_session ?? false,
    prorate: p.proration_behavior !== 'none',
    saveDefaultPaymentMethod: p.payment_settings?.save_default_payment_method ?? 'off',
    missingPaymentMethod: p.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice',
  });
}

const updateShape = {
  items: arr(obj({ ...itemFields, id: str(), deleted: bool(), clear_usage: accepted() }), { max: 20 }),
  add_invoice_items: arr(addInvoiceItem, { max: 20 }),
  billing_cycle_anchor: anchorField(),
  cancel_at: emptyable(cancelAtField()),
  cancel_at_period_end: bool(),
  cancellation_details: obj({
    comment: emptyable(str({ max: 5000 })),
    feedback: emptyable(
      oneOf('customer_service', 'low_quality', 'missing_features', 'other', 'switched_service', 'too_complex', 'too_expensive', 'unused'),
    ),
  }),
  collection_method: oneOf('charge_automatically', 'send_invoice'),
  days_until_due: int({ min: 0, max: 730 }),
  default_payment_method: emptyable(str()),
  description: emptyable(str({ max: 500 })),
  metadata: metadata(),
  off_session: bool(),
  pause_collection: emptyable(
    obj({ behavior: required(oneOf('keep_as_draft', 'mark_uncollectible', 'void')), resumes_at: int({ min: 0 }) }),
  ),
  payment_behavior: oneOf('allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'),
  payment_settings: paymentSettings,
  proration_behavior: oneOf('create_prorations', 'none', 'always_invoice'),
  proration_date: int({ min: 0 }),
  trial_end: timestampOrNow(),
  trial_from_plan: bool(),
  trial_settings: trialSettings,
  ...ignored,
};

const ENDED = ['canceled', 'incomplete_expired'];

function update(emu: Emulator, sub: Stripe.Subscription, form: FormObject): Stripe.Subscription {
  const p = parseParams(updateShape, form);
  const customer = customerOr404(emu, idOf(sub.customer) ?? '');
  const at = nowFor(emu, customer.id);
  if (ENDED.includes(sub.status)) {
    const allowed = Object.keys(p).every((k) => k === 'metadata' || k === 'cancellation_details');
    if (!allowed)
      throw invalid('A canceled subscription can only update its cancellation_details and metadata.', undefined, 'resource_missing');
  }
  const before = snapshot(sub);
  const oldFirst = sub.items.data[0]?.price as Stripe.Price;
  const old = intervalOf(oldFirst);
  if (p.default_payment_method) ensureAttached(emu, customer, p.default_payment_method, 'default_payment_method');
  if (p.default_payment_method !== undefined) sub.default_payment_method = p.default_payment_method;
  if (p.description !== undefined) sub.description = p.description;
  sub.metadata = applyMetadata(sub.metadata, p.metadata);
  if (p.collection_method !== undefined) sub.collection_method = p.collection_method;
  if (p.days_until_due !== undefined) sub.days_until_due = p.days_until_due;
  if (p.payment_settings?.save_default_payment_method && sub.payment_settings)
    sub.payment_settings.save_default_payment_method = p.payment_settings.save_default_payment_method;
  if (p.trial_settings) {
    const end = p.trial_settings.end_behavior;
    sub.trial_settings = {
      end_behavior: { billing_cycle_anchor: end.billing_cycle_anchor ?? null, missing_payment_method: end.missing_payment_method },
    };
  }
  if (p.pause_collection !== undefined)
    sub.pause_collection = p.pause_collection
      ? { behavior: p.pause_collection.behavior, resumes_at: p.pause_collection.resumes_at ?? null }
      : null;
  if (p.cancellation_details && sub.cancellation_details) {
    if (p.cancellation_details.comment !== undefined) sub.cancellation_details.comment = p.cancellation_details.comment;
    if (p.cancellation_details.feedback !== undefined) sub.cancellation_details.feedback = p.cancellation_details.feedback;
  }
  if (p.cancel_at_period_end !== undefined) {
    sub.cancel_at_period_end = p.cancel_at_period_end;
    sub.cancel_at = p.cancel_at_period_end ? periodOf(sub).end : null;
    if (sub.cancellation_details) sub.cancellation_details.reason = p.cancel_at_period_end ? 'cancellation_requested' : null;
  }
  if (p.cancel_at !== undefined) {
    sub.cancel_at = typeof p.cancel_at === 'string' ? periodOf(sub).end : p.cancel_at;
    sub.cancel_at_period_end = sub.cancel_at !== null && sub.cancel_at === periodOf(sub).end;
  }
  for (const [i, x] of (p.add_invoice_items ?? []).entries()) {
    const price =
      x.price !== undefined
        ? priceOr404(emu, x.price, `add_invoice_items[${i}][price]`)
        : x.price_data
          ? createPrice(emu, x.price_data.product, x.price_data)
          : null;
    if (!price) throw missingParam(`add_invoice_items[${i}][price]`);
    createPendingItem(emu, customer, sub, price, x.quantity ?? 1, at);
  }
  let failure: ApiError | null = null;
  if (p.items) {
    const edits: ItemEdit[] = p.items.map((item, i) => ({
      id: item.id,
      price: item.price !== undefined || item.plan !== undefined || item.price_data ? priceOfItem(emu, item, `items[${i}]`) : undefined,
      quantity: item.quantity,
      deleted: item.deleted,
      metadata: item.metadata ?? undefined,
    }));
    const changes = applyItemEdits(sub, edits, at, (i) => `items[${i}]`);
    checkSubscriptionPrices(
      sub.items.data.map((x) => x.price),
      () => 'items',
    );
    failure = billItemChanges(emu, sub, changes, {
      at,
      prorationDate: p.proration_date ?? at,
      behavior: p.proration_behavior ?? 'create_prorations',
      oldInterval: `${old.interval}/${old.count}`,
      offSession: p.off_session ?? false,
    });
  }
  if (p.trial_end !== undefined && sub.status === 'trialing')
    failure = changeTrial(emu, sub, p.trial_end, at, p.off_session ?? false) ?? failure;
  if (p.billing_cycle_anchor === 'now' && (sub.status === 'active' || sub.status === 'past_due')) {
    const { interval, count } = intervalOf(sub.items.data[0]?.price as Stripe.Price);
    const end = addIntervals(at, interval, count, 1);
    sub.billing_cycle_anchor = at;
    setPeriod(sub, at, end);
    failure = invoiceNow(emu, sub, at, { start: at, end }, p.off_session ?? false) ?? failure;
  }
  subscriptionChanged(emu, sub, before);
  if (failure && p.payment_behavior === 'error_if_incomplete') throw failure;
  return sub;
}

function createPendingItem(
  emu: Emulator,
  customer: Stripe.Customer,
  sub: Stripe.Subscription,
  price: Stripe.Price,
  quantity: number,
  at: number,
): void {
  createInvoiceItem(emu, {
    customer,
    amount: (price.unit_amount ?? 0) * quantity,
    currency: price.currency,
    description: null,
    quantity,
    unitAmount: price.unit_amount,
    price,
    period: { start: at, end: at },
    date: at,
    proration: false,
    subscription: sub.id,
    subscriptionItem: null,
    invoice: null,
    metadata: {},
  });
}

/** trial_end=now ends the trial and bills at once; a later timestamp moves the end of the trial. */
function changeTrial(emu: Emulator, sub: Stripe.Subscription, trialEnd: number | 'now', at: number, offSession: boolean): ApiError | null {
  if (trialEnd !== 'now') {
    if (trialEnd <= at) throw validationError('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end');
    sub.trial_end = trialEnd;
    sub.billing_cycle_anchor = trialEnd;
    setPeriod(sub, periodOf(sub).start, trialEnd);
    return null;
  }
  const { interval, count } = intervalOf(sub.items.data[0]?.price as Stripe.Price);
  const end = addIntervals(at, interval, count, 1);
  sub.trial_end = at;
  sub.billing_cycle_anchor = at;
  sub.status = 'active';
  setPeriod(sub, at, end);
  return invoiceNow(emu, sub, at, { start: at, end }, offSession);
}

function resume(emu: Emulator, sub: Stripe.Subscription, form: FormObject): Stripe.Subscription {
  const p = parseParams(
    {
      billing_cycle_anchor: anchorField(),
      proration_behavior: oneOf('create_prorations', 'none', 'always_invoice'),
      proration_date: int(),
      payment_behavior: oneOf('resume_on_payment_attempt', 'resume_on_payment_success'),
    },
    form,
  );
  if (sub.status !== 'paused') throw invalid('Only paused subscriptions can be resumed.');
  const at = nowFor(emu, idOf(sub.customer));
  const before = snapshot(sub);
  sub.status = 'active';
  if ((p.billing_cycle_anchor ?? 'now') === 'now') {
    const { interval, count } = intervalOf(sub.items.data[0]?.price as Stripe.Price);
    const end = addIntervals(at, interval, count, 1);
    sub.billing_cycle_anchor = at;
    setPeriod(sub, at, end);
    const invoice = periodInvoice(emu, sub, {
      reason: 'subscription_update',
      period: { start: at, end },
      trial: false,
      at,
      autoAdvance: false,
    });
    finalizeInvoice(emu, invoice, at);
    if (invoice.status === 'open' && sub.collection_method === 'charge_automatically')
      collectInvoice(emu, invoice, { offSession: true, automatic: false });
  }
  emu.events.emit('customer.subscription.resumed', sub);
  subscriptionChanged(emu, sub, before);
  return sub;
}

export function subscriptionOr404(emu: Emulator, id: string, param = 'id'): Stripe.Subscription {
  return getOr404(emu.state.subscriptions, id, 'subscription', param);
}

export const subscriptionRoutes: Route[] = [
  { method: 'POST', path: '/v1/subscriptions', handler: ({ emu, params }) => create(emu, params) },
  {
    method: 'GET',
    path: '/v1/subscriptions/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), subscriptionOr404(emu, path.id as string)),
  },
  {
    method: 'POST',
    path: '/v1/subscriptions/:id',
    handler: ({ emu, path, params }) => update(emu, subscriptionOr404(emu, path.id as string), params),
  },
  {
    method: 'DELETE',
    path: '/v1/subscriptions/:id',
    handler: ({ emu, path, params }) => {
      const p = parseParams(
        {
          invoice_now: bool(),
          prorate: bool(),
          cancellation_details: obj({
            comment: emptyable(str()),
            feedback: emptyable(
              oneOf(
                'customer_service',
                'low_quality',
                'missing_features',
                'other',
                'switched_service',
                'too_complex',
                'too_expensive',
                'unused',
              ),
            ),
          }),
        },
        params,
      );
      const sub = subscriptionOr404(emu, path.id as string);
      return cancelSubscriptionNow(emu, sub, nowFor(emu, idOf(sub.customer)), {
        reason: 'cancellation_requested',
        comment: p.cancellation_details?.comment,
        feedback: p.cancellation_details?.feedback,
        prorate: p.prorate,
        invoiceNow: p.invoice_now,
      });
    },
  },
  {
    method: 'POST',
    path: '/v1/subscriptions/:id/resume',
    handler: ({ emu, path, params }) => resume(emu, subscriptionOr404(emu, path.id as string), params),
  },
  {
    method: 'GET',
    path: '/v1/subscriptions',
    handler: ({ emu, params }) => {
      const p = parseParams(
        {
          ...pagination,
          created: range(),
          customer: str(),
          price: str(),
          plan: str(),
          test_clock: str(),
          status: oneOf(
            'active',
            'all',
            'canceled',
            'ended',
            'incomplete',
            'incomplete_expired',
            'past_due',
            'paused',
            'trialing',
            'unpaid',
          ),
          collection_method: oneOf('charge_automatically', 'send_invoice'),
          current_period_end: range(),
          current_period_start: range(),
          automatic_tax: accepted(),
          customer_account: accepted(),
        },
        params,
      );
      const price = p.price ?? p.plan;
      return paginate(emu.state.subscriptions.values(), p, '/v1/subscriptions', (s) => {
        const period = periodOf(s);
        const status = p.status;
        const statusOk =
          status === undefined
            ? s.status !== 'canceled'
            : status === 'all'
              ? true
              : status === 'ended'
                ? ENDED.includes(s.status)
                : s.status === status;
        return (
          statusOk &&
          (p.customer === undefined || idOf(s.customer) === p.customer) &&
          (price === undefined || s.items.data.some((i) => i.price.id === price)) &&
          (p.test_clock === undefined || idOf(s.test_clock) === p.test_clock) &&
          (p.collection_method === undefined || s.collection_method === p.collection_method) &&
          inRange(period.end, p.current_period_end) &&
          inRange(period.start, p.current_period_start)
        );
      });
    },
  },
];
