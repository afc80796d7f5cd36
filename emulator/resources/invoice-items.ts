// Invoice items: pending one-off charges for a customer (or lines on a draft invoice).
import type Stripe from 'stripe';
import { nowFor } from '../core/clock';
import type { Emulator } from '../core/context';
import { decimal as toDecimal } from '../core/json';
import { invalid, missingParam, unexpectedState } from '../wire/errors';
import type { FormObject } from '../wire/form';
import { page } from '../wire/list';
import type { Route } from '../wire/router';
import {
  accepted,
  applyMetadata,
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
} from '../wire/schema';
import { invoiceItemLine, recomputeTotals } from '../billing/invoice-object';
import { createInvoiceItem } from '../billing/invoice-item-object';
import { checkCurrency } from '../payments/currency';
import { createPrice, priceOr404 } from './prices';
import { customerOr404, getOr404, idOf, nullable } from './common';

const period = obj({ start: required(int({ min: 0 })), end: required(int({ min: 0 })) });
const priceData = obj({
  currency: required(str()),
  product: required(str()),
  unit_amount: int({ min: 0 }),
  unit_amount_decimal: decimal(),
  tax_behavior: oneOf('exclusive', 'inclusive', 'unspecified'),
});

const createShape = {
  customer: str(),
  amount: int({ min: -99_999_999, max: 99_999_999 }),
  currency: str(),
  description: str({ max: 500 }),
  discountable: bool(),
  invoice: str(),
  metadata: metadata(),
  period,
  price_data: priceData,
  pricing: obj({ price: str() }),
  quantity: int({ min: 1 }),
  subscription: str(),
  unit_amount_decimal: decimal(),
  discounts: accepted(),
  tax_behavior: accepted(),
  tax_code: accepted(),
  tax_rates: accepted(),
  customer_account: accepted(),
  quantity_decimal: accepted(),
};

function draftInvoice(emu: Emulator, id: string): Stripe.Invoice {
  const invoice = getOr404(emu.state.invoices, id, 'invoice', 'invoice');
  if (invoice.status !== 'draft')
    throw unexpectedState('invoice_not_editable', `You can only add invoice items to draft invoices; ${id} is ${invoice.status}.`);
  return invoice;
}

function create(emu: Emulator, form: FormObject): Stripe.InvoiceItem {
  const p = parseParams(createShape, form);
  const invoice = p.invoice !== undefined ? draftInvoice(emu, p.invoice) : null;
  const customerId = p.customer ?? idOf(invoice?.customer);
  if (!customerId) throw missingParam('customer');
  const customer = customerOr404(emu, customerId);
  if (p.subscription !== undefined) {
    const sub = getOr404(emu.state.subscriptions, p.subscription, 'subscription', 'subscription');
    if (idOf(sub.customer) !== customer.id)
      throw invalid(`The subscription ${sub.id} does not belong to customer ${customer.id}.`, 'subscription');
  }
  const quantity = p.quantity ?? 1;
  let price: Stripe.Price | null = null;
  if (p.pricing?.price !== undefined) price = priceOr404(emu, p.pricing.price, 'pricing[price]');
  else if (p.price_data) price = createPrice(emu, p.price_data.product, p.price_data);
  let amount: number;
  let unit: number | null = null;
  if (price) {
    unit = price.unit_amount ?? 0;
    amount = unit * quantity;
  } else if (p.unit_amount_decimal !== undefined) {
    unit = Number(p.unit_amount_decimal);
    amount = Math.round(unit * quantity);
  } else if (p.amount !== undefined) {
    amount = p.amount;
  } else {
    throw missingParam('amount');
  }
  const currency = price?.currency ?? (p.currency !== undefined ? checkCurrency(p.currency) : null);
  if (!currency) throw missingParam('currency');
  if (invoice && invoice.currency !== currency)
    throw invalid(`The currency ${currency} does not match the invoice currency ${invoice.currency}.`, 'currency');
  const date = nowFor(emu, customer.id);
  const ii = createInvoiceItem(emu, {
    customer,
    amount,
    currency,
    description: p.description ?? null,
    quantity,
    unitAmount: unit,
    price,
    period: p.period ?? { start: date, end: date },
    date,
    proration: false,
    subscription: p.subscription ?? null,
    subscriptionItem: null,
    invoice: invoice?.id ?? null,
    metadata: applyMetadata({}, p.metadata),
    discountable: p.discountable,
  });
  if (invoice) {
    invoice.lines.data.push(invoiceItemLine(invoice, ii));
    recomputeTotals(invoice);
  }
  return ii;
}

function editable(emu: Emulator, ii: Stripe.InvoiceItem): Stripe.Invoice | null {
  if (ii.invoice === null) return null;
  const invoice = emu.state.invoices.get(idOf(ii.invoice) ?? '');
  if (invoice && invoice.status !== 'draft')
    throw unexpectedState('invoice_not_editable', `The invoice item ${ii.id} is on a finalized invoice and can no longer be changed.`);
  return invoice ?? null;
}

function update(emu: Emulator, ii: Stripe.InvoiceItem, form: FormObject): Stripe.InvoiceItem {
  const p = parseParams(
    {
      amount: int({ min: -99_999_999, max: 99_999_999 }),
      description: emptyable(str()),
      discountable: bool(),
      metadata: metadata(),
      period,
      quantity: int({ min: 1 }),
      pricing: obj({ price: str() }),
      price_data: priceData,
      unit_amount_decimal: decimal(),
      discounts: accepted(),
      tax_behavior: accepted(),
      tax_code: accepted(),
      tax_rates: accepted(),
      quantity_decimal: accepted(),
    },
    form,
  );
  const invoice = editable(emu, ii);
  if (p.quantity !== undefined) {
    ii.quantity = p.quantity;
    ii.quantity_decimal = toDecimal(p.quantity);
  }
  const unit = ii.pricing?.unit_amount_decimal ? Number(ii.pricing.unit_amount_decimal.toString()) : null;
  if (p.amount !== undefined) ii.amount = p.amount;
  else if (p.quantity !== undefined && unit !== null) ii.amount = Math.round(unit * ii.quantity);
  ii.description = nullable(p.description, ii.description);
  if (p.discountable !== undefined) ii.discountable = p.discountable;
  ii.metadata = applyMetadata(ii.metadata, p.metadata);
  if (p.period) ii.period = p.period;
  ii.net_amount = ii.amount;
  if (invoice) {
    invoice.lines.data = invoice.lines.data.map((l) =>
      l.parent?.invoice_item_details?.invoice_item === ii.id ? invoiceItemLine(invoice, ii) : l,
    );
    recomputeTotals(invoice);
  }
  return ii;
}

function remove(emu: Emulator, ii: Stripe.InvoiceItem): Stripe.DeletedInvoiceItem {
  const invoice = editable(emu, ii);
  if (invoice) {
    invoice.lines.data = invoice.lines.data.filter((l) => l.parent?.invoice_item_details?.invoice_item !== ii.id);
    recomputeTotals(invoice);
  }
  emu.state.invoiceItems.delete(ii.id);
  emu.events.emit('invoiceitem.deleted', ii);
  return { id: ii.id, object: 'invoiceitem', deleted: true };
}

const byId = (emu: Emulator, id: string) => getOr404(emu.state.invoiceItems, id, 'invoiceitem');

export const invoiceItemRoutes: Route[] = [
  { method: 'POST', path: '/v1/invoiceitems', handler: ({ emu, params }) => create(emu, params) },
  {
    method: 'GET',
    path: '/v1/invoiceitems/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), byId(emu, path.id as string)),
  },
  { method: 'POST', path: '/v1/invoiceitems/:id', handler: ({ emu, path, params }) => update(emu, byId(emu, path.id as string), params) },
  {
    method: 'DELETE',
    path: '/v1/invoiceitems/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), remove(emu, byId(emu, path.id as string))),
  },
  {
    method: 'GET',
    path: '/v1/invoiceitems',
    handler: ({ emu, params }) => {
      const p = parseParams(
        { ...pagination, created: range(), customer: str(), invoice: str(), pending: bool(), customer_account: accepted() },
        params,
      );
      const items = [...emu.state.invoiceItems.values()]
        .filter(
          (ii) =>
            (p.customer === undefined || idOf(ii.customer) === p.customer) &&
            (p.invoice === undefined || idOf(ii.invoice) === p.invoice) &&
            (p.pending === undefined || (ii.invoice === null) === p.pending) &&
            inRange(ii.date, p.created),
        )
        .reverse()
        .sort((a, b) => b.date - a.date);
      return page(items, p, '/v1/invoiceitems');
    },
  },
];
