// Invoices: create from pending items, update, delete drafts, finalize, pay, void,
// mark uncollectible, send, list, lines; `confirmation_secret` and `payments` are includable.
import type Stripe from 'stripe';
import { nowFor } from '../core/clock';
import type { Emulator } from '../core/context';
import { snapshot } from '../core/json';
import { invalid, missingParam, unexpectedState } from '../wire/errors';
import type { FormObject } from '../wire/form';
import { listOf, page, paginate } from '../wire/list';
import type { Route } from '../wire/router';
import { accepted, applyMetadata, bool, emptyable, int, metadata, oneOf, pagination, parseParams, range, str } from '../wire/schema';
import { collectInvoice, finalizeInvoice, invoicePaymentIntent, markInvoicePaid, markUncollectible, voidInvoice } from '../billing/collect';
import { buildInvoice, pullPendingItems } from '../billing/invoice-object';
import { ensureAttached } from '../billing/subscription-create';
import { customerOr404, getOr404, idOf, nullable } from './common';

export function invoiceOr404(emu: Emulator, id: string, param = 'invoice'): Stripe.Invoice {
  return getOr404(emu.state.invoices, id, 'invoice', param);
}

/** Fields Stripe leaves out of invoices unless they are expanded. */
export function invoiceIncludable(emu: Emulator, invoice: Record<string, unknown>, field: string): unknown {
  const id = typeof invoice.id === 'string' ? invoice.id : '';
  const stored = emu.state.invoices.get(id);
  if (!stored) return undefined;
  if (field === 'confirmation_secret') {
    const pi = invoicePaymentIntent(emu, stored);
    return pi && stored.status === 'open' && pi.client_secret ? { client_secret: pi.client_secret, type: 'payment_intent' } : null;
  }
  if (field === 'payments') {
    return listOf(
      [...emu.state.invoicePayments.values()].filter((p) => p.invoice === id),
      `/v1/invoice_payments?invoice=${id}`,
    );
  }
  return undefined;
}

const ignored = {
  account_tax_ids: accepted(),
  application_fee_amount: accepted(),
  automatic_tax: accepted(),
  automatically_finalizes_at: accepted(),
  custom_fields: accepted(),
  default_source: accepted(),
  default_tax_rates: accepted(),
  discounts: accepted(),
  effective_at: accepted(),
  issuer: accepted(),
  number: accepted(),
  on_behalf_of: accepted(),
  payment_settings: accepted(),
  rendering: accepted(),
  shipping_cost: accepted(),
  shipping_details: accepted(),
  statement_descriptor: accepted(),
  transfer_data: accepted(),
  customer_account: accepted(),
};

const createShape = {
  customer: str(),
  auto_advance: bool(),
  collection_method: oneOf('charge_automatically', 'send_invoice'),
  currency: str(),
  days_until_due: int({ min: 0, max: 730 }),
  due_date: int({ min: 0 }),
  default_payment_method: str(),
  description: str({ max: 1500 }),
  footer: str({ max: 5000 }),
  metadata: metadata(),
  pending_invoice_items_behavior: oneOf('exclude', 'include'),
  subscription: str(),
  from_invoice: accepted(),
  ...ignored,
};

function create(emu: Emulator, form: FormObject): Stripe.Invoice {
  const p = parseParams(createShape, form);
  if (p.customer === undefined) throw missingParam('customer');
  const customer = customerOr404(emu, p.customer);
  const sub = p.subscription !== undefined ? getOr404(emu.state.subscriptions, p.subscription, 'subscription', 'subscription') : null;
  if (p.default_payment_method) ensureAttached(emu, customer, p.default_payment_method, 'default_payment_method');
  const collection = p.collection_method ?? 'charge_automatically';
  if (collection === 'send_invoice' && p.days_until_due === undefined && p.due_date === undefined) throw missingParam('days_until_due');
  const at = nowFor(emu, customer.id);
  const invoice = buildInvoice({
    customer,
    subscription: sub,
    billingReason: 'manual',
    collectionMethod: collection,
    currency: (p.currency ?? sub?.currency ?? 'usd').toLowerCase(),
    created: at,
    periodStart: at,
    periodEnd: at,
    autoAdvance: p.auto_advance ?? false,
    daysUntilDue: p.days_until_due ?? null,
    defaultPaymentMethod: p.default_payment_method ?? null,
    description: p.description ?? null,
    metadata: applyMetadata({}, p.metadata),
  });
  if (p.due_date !== undefined) invoice.due_date = p.due_date;
  if (p.footer !== undefined) invoice.footer = p.footer;
  if (p.pending_invoice_items_behavior === 'include') pullPendingItems(emu, invoice, sub?.id ?? null);
  emu.state.invoices.set(invoice.id, invoice);
  emu.events.emit('invoice.created', invoice);
  return invoice;
}

function update(emu: Emulator, invoice: Stripe.Invoice, form: FormObject): Stripe.Invoice {
  const p = parseParams(
    {
      auto_advance: bool(),
      collection_method: oneOf('charge_automatically', 'send_invoice'),
      days_until_due: int({ min: 0 }),
      due_date: int({ min: 0 }),
      default_payment_method: emptyable(str()),
      description: emptyable(str()),
      footer: emptyable(str()),
      metadata: metadata(),
      ...ignored,
    },
    form,
  );
  if (invoice.status === 'void' || invoice.status === 'paid') {
    const onlyMeta = Object.keys(p).every((k) => k === 'metadata' || k === 'description' || k === 'footer');
    if (!onlyMeta) throw unexpectedState('invoice_not_editable', `You can only update the metadata of a ${invoice.status} invoice.`);
  }
  const draftOnly = p.collection_method !== undefined || p.days_until_due !== undefined || p.default_payment_method !== undefined;
  if (draftOnly && invoice.status !== 'draft')
    throw unexpectedState('invoice_not_editable', 'This field can only be changed on a draft invoice.');
  const customer = customerOr404(emu, idOf(invoice.customer) ?? '');
  if (p.default_payment_method) ensureAttached(emu, customer, p.default_payment_method, 'default_payment_method');
  const before = snapshot(invoice);
  if (p.auto_advance !== undefined) {
    invoice.auto_advance = p.auto_advance;
    if (invoice.status === 'draft') invoice.automatically_finalizes_at = p.auto_advance ? nowFor(emu, customer.id) + 3600 : null;
  }
  if (p.collection_method !== undefined) invoice.collection_method = p.collection_method;
  if (p.days_until_due !== undefined) invoice.due_date = invoice.created + p.days_until_due * 86_400;
  if (p.due_date !== undefined) invoice.due_date = p.due_date;
  if (p.default_payment_method !== undefined) invoice.default_payment_method = p.default_payment_method;
  invoice.description = nullable(p.description, invoice.description);
  invoice.footer = nullable(p.footer, invoice.footer);
  invoice.metadata = applyMetadata(invoice.metadata, p.metadata);
  emu.events.emitChange('invoice.updated', invoice, before);
  return invoice;
}

function pay(emu: Emulator, invoice: Stripe.Invoice, form: FormObject): Stripe.Invoice {
  const p = parseParams(
    { payment_method: str(), paid_out_of_band: bool(), off_session: bool(), forgive: accepted(), mandate: accepted(), source: accepted() },
    form,
  );
  const at = nowFor(emu, idOf(invoice.customer));
  if (invoice.status === 'paid') throw unexpectedState('invoice_already_paid', 'Invoice is already paid');
  if (invoice.status === 'void') throw unexpectedState('invoice_unexpected_state', 'You cannot pay a voided invoice.');
  if (invoice.status === 'draft') finalizeInvoice(emu, invoice, at);
  if (invoice.status === 'paid') return invoice;
  if (p.paid_out_of_band) {
    markInvoicePaid(emu, invoice, null, at, true);
    return invoice;
  }
  if (p.payment_method) ensureAttached(emu, customerOr404(emu, idOf(invoice.customer) ?? ''), p.payment_method, 'payment_method');
  const error = collectInvoice(emu, invoice, { paymentMethod: p.payment_method, offSession: p.off_session ?? true, automatic: false });
  if (error) throw error;
  return invoice;
}

function remove(emu: Emulator, invoice: Stripe.Invoice): Stripe.DeletedInvoice {
  if (invoice.status !== 'draft') throw unexpectedState('invoice_not_editable', 'You can only delete draft invoices.');
  for (const ii of emu.state.invoiceItems.values()) if (ii.invoice === invoice.id) ii.invoice = null;
  emu.state.invoices.delete(invoice.id);
  emu.events.emit('invoice.deleted', invoice);
  return { id: invoice.id, object: 'invoice', deleted: true };
}

const byId = (emu: Emulator, path: Record<string, string>) => invoiceOr404(emu, path.id as string, 'invoice');

export const invoiceRoutes: Route[] = [
  { method: 'POST', path: '/v1/invoices', handler: ({ emu, params }) => create(emu, params) },
  { method: 'GET', path: '/v1/invoices/:id', handler: ({ emu, path, params }) => (parseParams({}, params), byId(emu, path)) },
  { method: 'POST', path: '/v1/invoices/:id', handler: ({ emu, path, params }) => update(emu, byId(emu, path), params) },
  {
    method: 'DELETE',
    path: '/v1/invoices/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), remove(emu, byId(emu, path))),
  },
  {
    method: 'POST',
    path: '/v1/invoices/:id/finalize',
    handler: ({ emu, path, params }) => {
      const p = parseParams({ auto_advance: bool() }, params);
      const invoice = byId(emu, path);
      if (p.auto_advance !== undefined) invoice.auto_advance = p.auto_advance;
      return finalizeInvoice(emu, invoice, nowFor(emu, idOf(invoice.customer)));
    },
  },
  { method: 'POST', path: '/v1/invoices/:id/pay', handler: ({ emu, path, params }) => pay(emu, byId(emu, path), params) },
  {
    method: 'POST',
    path: '/v1/invoices/:id/void',
    handler: ({ emu, path, params }) => {
      parseParams({}, params);
      const invoice = byId(emu, path);
      return voidInvoice(emu, invoice, nowFor(emu, idOf(invoice.customer)));
    },
  },
  {
    method: 'POST',
    path: '/v1/invoices/:id/mark_uncollectible',
    handler: ({ emu, path, params }) => {
      parseParams({}, params);
      const invoice = byId(emu, path);
      return markUncollectible(emu, invoice, nowFor(emu, idOf(invoice.customer)));
    },
  },
  {
    method: 'POST',
    path: '/v1/invoices/:id/send',
    handler: ({ emu, path, params }) => {
      parseParams({}, params);
      const invoice = byId(emu, path);
      if (invoice.status !== 'open' || invoice.collection_method !== 'send_invoice') {
        throw invalid('You can only send open invoices whose collection_method is send_invoice.');
      }
      emu.events.emit('invoice.sent', invoice);
      return invoice;
    },
  },
  {
    method: 'GET',
    path: '/v1/invoices',
    handler: ({ emu, params }) => {
      const p = parseParams(
        {
          ...pagination,
          created: range(),
          due_date: range(),
          customer: str(),
          subscription: str(),
          status: oneOf('draft', 'open', 'paid', 'uncollectible', 'void'),
          collection_method: oneOf('charge_automatically', 'send_invoice'),
          customer_account: accepted(),
        },
        params,
      );
      return paginate(
        emu.state.invoices.values(),
        p,
        '/v1/invoices',
        (i) =>
          (p.customer === undefined || idOf(i.customer) === p.customer) &&
          (p.subscription === undefined || i.parent?.subscription_details?.subscription === p.subscription) &&
          (p.status === undefined || i.status === p.status) &&
          (p.collection_method === undefined || i.collection_method === p.collection_method) &&
          (p.due_date === undefined ||
            (i.due_date !== null &&
              (p.due_date.gte === undefined || i.due_date >= p.due_date.gte) &&
              (p.due_date.lte === undefined || i.due_date <= p.due_date.lte))),
      );
    },
  },
  {
    method: 'GET',
    path: '/v1/invoices/:id/lines',
    handler: ({ emu, path, params }) => {
      const p = parseParams({ ...pagination }, params);
      const invoice = byId(emu, path);
      return page(invoice.lines.data, p, `/v1/invoices/${invoice.id}/lines`);
    },
  },
];
