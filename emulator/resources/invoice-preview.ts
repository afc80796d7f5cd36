// POST /v1/invoices/create_preview: the next invoice, or what a subscription change would bill
// (prorations), computed on copies so nothing is stored.
import type Stripe from 'stripe';
import { nowFor } from '../core/clock';
import type { Emulator } from '../core/context';
import { reviveDecimals, snapshot } from '../core/json';
import { addIntervals, periodEndAfter } from '../core/time';
import { ApiError, missingParam } from '../wire/errors';
import { isFormObject, type FormObject, type FormValue } from '../wire/form';
import type { Route } from '../wire/router';
import { accepted, arr, bool, int, obj, oneOf, parseParams, str, timestampOrNow } from '../wire/schema';
import { periodInvoice } from '../billing/cycle';
import { buildInvoice, invoiceItemLine, pullPendingItems, recomputeTotals } from '../billing/invoice-object';
import { buildInvoiceItem } from '../billing/invoice-item-object';
import { intervalOf, periodOf, setPeriod } from '../billing/items';
import { previewProrations, prorationSpecs } from '../billing/proration';
import { applyItemEdits, type ItemEdit } from '../billing/subscription-update';
import { createPrice, priceOr404 } from './prices';
import { itemPriceData } from './subscriptions';
import { customerOr404, getOr404, idOf } from './common';

const shape = {
  customer: str(),
  subscription: str(),
  currency: str(),
  subscription_details: obj({
    items: arr(
      obj({
        id: str(),
        price: str(),
        plan: str(),
        price_data: itemPriceData,
        quantity: int({ min: 0 }),
        deleted: bool(),
        metadata: accepted(),
        clear_usage: accepted(),
        discounts: accepted(),
        tax_rates: accepted(),
        billing_thresholds: accepted(),
      }),
    ),
    proration_behavior: oneOf('create_prorations', 'none', 'always_invoice'),
    proration_date: int({ min: 0 }),
    cancel_at_period_end: bool(),
    cancel_at: accepted(),
    cancel_now: bool(),
    trial_end: timestampOrNow(),
    billing_cycle_anchor: accepted(),
    metadata: accepted(),
    pause: accepted(),
    resume_at: accepted(),
    start_date: accepted(),
    default_tax_rates: accepted(),
    billing_mode: accepted(),
    billing_schedules: accepted(),
  }),
  invoice_items: arr(
    obj({
      amount: int(),
      currency: str(),
      description: str(),
      price: str(),
      quantity: int({ min: 1 }),
      metadata: accepted(),
      period: accepted(),
      price_data: accepted(),
      discountable: accepted(),
      discounts: accepted(),
      tax_rates: accepted(),
      tax_behavior: accepted(),
      tax_code: accepted(),
      unit_amount_decimal: accepted(),
      invoiceitem: accepted(),
    }),
  ),
  automatic_tax: accepted(),
  customer_details: accepted(),
  discounts: accepted(),
  issuer: accepted(),
  on_behalf_of: accepted(),
  preview_mode: accepted(),
  schedule: accepted(),
  schedule_details: accepted(),
  customer_account: accepted(),
};

/** `billing_cycle_anchor` as `{ type: 'now' }` (this API version) or the older bare `now`. */
function anchorNow(v: FormValue | undefined): boolean {
  return v === 'now' || (isFormObject(v) && v.type === 'now');
}

function noUpcoming(customer: string): ApiError {
  return new ApiError(404, {
    type: 'invalid_request_error',
    code: 'invoice_upcoming_none',
    message: `No upcoming invoices for customer: ${customer}`,
  });
}

/** Previews work on a copy; the Decimal fields are restored so the copy is a faithful Subscription. */
function copyOf(sub: Stripe.Subscription): Stripe.Subscription {
  return reviveDecimals(snapshot(sub)) as Stripe.Subscription;
}

function preview(emu: Emulator, form: FormObject): Stripe.Invoice {
  const p = parseParams(shape, form);
  const stored = p.subscription !== undefined ? getOr404(emu.state.subscriptions, p.subscription, 'subscription', 'subscription') : null;
  const customerId = p.customer ?? idOf(stored?.customer);
  if (!customerId) throw missingParam('customer');
  const customer = customerOr404(emu, customerId);
  const at = nowFor(emu, customer.id);
  const extras = (p.invoice_items ?? []).map((x, i) => {
    const price = x.price !== undefined ? priceOr404(emu, x.price, `invoice_items[${i}][price]`) : null;
    const quantity = x.quantity ?? 1;
    return buildInvoiceItem({
      customer,
      amount: price ? (price.unit_amount ?? 0) * quantity : (x.amount ?? 0),
      currency: price?.currency ?? x.currency ?? 'usd',
      description: x.description ?? null,
      quantity,
      unitAmount: price?.unit_amount ?? null,
      price,
      period: { start: at, end: at },
      date: at,
      proration: false,
      subscription: stored?.id ?? null,
      subscriptionItem: null,
      invoice: null,
      metadata: {},
    });
  });
  if (!stored || stored.status === 'canceled' || stored.status === 'incomplete_expired') {
    const invoice = buildInvoice({
      customer,
      subscription: null,
      billingReason: 'manual',
      collectionMethod: 'charge_automatically',
      currency: (p.currency ?? 'usd').toLowerCase(),
      created: at,
      periodStart: at,
      periodEnd: at,
      autoAdvance: false,
      daysUntilDue: null,
      defaultPaymentMethod: null,
      description: null,
      metadata: {},
      preview: true,
    });
    pullPendingItems(emu, invoice, null);
    for (const ii of extras) invoice.lines.data.push(invoiceItemLine(invoice, ii));
    if (invoice.lines.data.length === 0) throw noUpcoming(customer.id);
    return finish(invoice, customer);
  }
  const sub = copyOf(stored);
  const d = p.subscription_details ?? {};
  if (d.cancel_at_period_end || d.cancel_now || (sub.cancel_at_period_end && d.cancel_at_period_end !== false))
    throw noUpcoming(customer.id);
  const old = intervalOf(sub.items.data[0]?.price as Stripe.Price);
  const prorationDate = d.proration_date ?? at;
  const edits: ItemEdit[] = (d.items ?? []).map((item, i) => ({
    id: item.id,
    price:
      item.price !== undefined || item.plan !== undefined
        ? priceOr404(emu, (item.price ?? item.plan) as string, `subscription_details[items][${i}][price]`)
        : item.price_data
          ? createPreviewPrice(emu, item.price_data)
          : undefined,
    quantity: item.quantity,
    deleted: item.deleted,
  }));
  const period = periodOf(sub);
  const changes = edits.length > 0 ? applyItemEdits(sub, edits, at, (i) => `subscription_details[items][${i}]`) : [];
  const behavior = d.proration_behavior ?? 'create_prorations';
  const billable = sub.status === 'active' || sub.status === 'past_due';
  const specs = billable && behavior !== 'none' ? prorationSpecs(emu, sub, customer, changes, prorationDate, period) : [];
  const now = intervalOf(sub.items.data[0]?.price as Stripe.Price);
  const reset =
    `${now.interval}/${now.count}` !== `${old.interval}/${old.count}` || anchorNow(d.billing_cycle_anchor) || d.trial_end === 'now';
  let invoice: Stripe.Invoice;
  if (reset) {
    const end = addIntervals(at, now.interval, now.count, 1);
    setPeriod(sub, at, end);
    invoice = periodInvoice(
      emu,
      sub,
      { reason: 'subscription_update', period: { start: at, end }, trial: false, at, autoAdvance: false },
      true,
    );
  } else if (behavior === 'always_invoice' && specs.length > 0) {
    invoice = periodInvoice(
      emu,
      sub,
      { reason: 'subscription_update', period: { start: at, end: at }, trial: false, at, autoAdvance: false, itemLines: false },
      true,
    );
  } else {
    const start = sub.status === 'trialing' && sub.trial_end ? sub.trial_end : period.end;
    const end = periodEndAfter(sub.billing_cycle_anchor, now.interval, now.count, start);
    invoice = periodInvoice(
      emu,
      sub,
      { reason: 'subscription_cycle', period: { start, end }, trial: false, at: start, autoAdvance: false },
      true,
    );
  }
  for (const ii of [...previewProrations(specs), ...extras]) invoice.lines.data.push(invoiceItemLine(invoice, ii));
  return finish(invoice, customer);
}

function createPreviewPrice(emu: Emulator, data: NonNullable<Parameters<typeof createPrice>[2]> & { product: string }): Stripe.Price {
  return createPrice(emu, data.product, data);
}

function finish(invoice: Stripe.Invoice, customer: Stripe.Customer): Stripe.Invoice {
  invoice.starting_balance = customer.balance;
  recomputeTotals(invoice);
  return invoice;
}

export const invoicePreviewRoutes: Route[] = [
  { method: 'POST', path: '/v1/invoices/create_preview', handler: ({ emu, params }) => preview(emu, params) },
];
