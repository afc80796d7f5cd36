// Invoice objects: drafts, their line items and totals.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { newId } from '../core/ids';
import { decimal } from '../core/json';
import { formatAmount } from '../payments/currency';
import { idOf, productIdOf } from '../resources/common';

export interface NewInvoice {
  customer: Stripe.Customer;
  subscription: Stripe.Subscription | null;
  billingReason: Stripe.Invoice.BillingReason;
  collectionMethod: Stripe.Invoice.CollectionMethod;
  currency: string;
  created: number;
  periodStart: number;
  periodEnd: number;
  autoAdvance: boolean;
  daysUntilDue: number | null;
  defaultPaymentMethod: string | null;
  description: string | null;
  metadata: Record<string, string>;
  /** Preview invoices get `upcoming_` ids and are never stored. */
  preview?: boolean;
}

export function buildInvoice(p: NewInvoice): Stripe.Invoice {
  const id = p.preview ? `upcoming_${newId('in', 24)}` : newId('in', 24);
  const c = p.customer;
  const invoice: Stripe.Invoice = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Paydeck (emulator)',
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: p.autoAdvance,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: p.autoAdvance ? p.created + 3600 : null,
    billing_reason: p.billingReason,
    collection_method: p.collectionMethod,
    created: p.created,
    currency: p.currency,
    custom_fields: null,
    customer: c.id,
    customer_account: null,
    customer_address: c.address ?? null,
    customer_email: c.email,
    customer_name: c.name ?? null,
    customer_phone: c.phone ?? null,
    customer_shipping: c.shipping,
    customer_tax_exempt: c.tax_exempt ?? 'none',
    customer_tax_ids: [],
    default_payment_method: p.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: p.description,
    discounts: [],
    due_date: p.collectionMethod === 'send_invoice' && p.daysUntilDue !== null ? p.created + p.daysUntilDue * 86_400 : null,
    effective_at: null,
    ending_balance: null,
    footer: c.invoice_settings.footer,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: p.metadata,
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: p.subscription
      ? {
          type: 'subscription_details',
          quote_details: null,
          subscription_details: { metadata: { ...p.subscription.metadata }, subscription: p.subscription.id },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: p.periodEnd,
    period_start: p.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: c.test_clock ?? null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
  return invoice;
}

function lineId(invoice: Stripe.Invoice): string {
  return invoice.id.startsWith('upcoming_') ? newId('il_tmp', 24) : newId('il', 24);
}

function productName(emu: Emulator, price: Stripe.Price): string {
  return emu.state.products.get(productIdOf(price))?.name ?? 'Product';
}

function intervalLabel(price: Stripe.Price): string {
  const r = price.recurring;
  if (!r) return '';
  return r.interval_count === 1 ? ` / ${r.interval}` : ` every ${r.interval_count} ${r.interval}s`;
}

/** A line for a subscription item's full period, e.g. "1 × Pro (at $15.00 / month)". */
export function subscriptionLine(
  emu: Emulator,
  invoice: Stripe.Invoice,
  sub: Stripe.Subscription,
  item: Stripe.SubscriptionItem,
  period: { start: number; end: number },
  trial: boolean,
): Stripe.InvoiceLineItem {
  const price = item.price;
  const quantity = item.quantity ?? 1;
  const unit = trial ? 0 : (price.unit_amount ?? 0);
  const description = trial
    ? `Trial period for ${productName(emu, price)}`
    : `${quantity} × ${productName(emu, price)} (at ${formatAmount(price.unit_amount ?? 0, price.currency)}${intervalLabel(price)})`;
  return {
    id: lineId(invoice),
    object: 'line_item',
    amount: unit * quantity,
    currency: price.currency,
    description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoice.id,
    livemode: false,
    metadata: { ...item.metadata },
    parent: {
      type: 'subscription_item_details',
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: sub.id,
        subscription_item: item.id,
      },
    },
    period,
    pretax_credit_amounts: [],
    pricing: { type: 'price_details', price_details: { price: price.id, product: productIdOf(price) }, unit_amount_decimal: decimal(unit) },
    quantity,
    quantity_decimal: decimal(quantity),
    subscription: sub.id,
    subtotal: unit * quantity,
    taxes: [],
  };
}

/** A line carrying a (pending) invoice item into an invoice. */
export function invoiceItemLine(invoice: Stripe.Invoice, ii: Stripe.InvoiceItem): Stripe.InvoiceLineItem {
  const subId = ii.parent?.subscription_details?.subscription ?? null;
  const proration = ii.proration;
  const subItem = ii.parent?.subscription_details?.subscription_item ?? null;
  return {
    id: lineId(invoice),
    object: 'line_item',
    amount: ii.amount,
    currency: ii.currency,
    description: ii.description,
    discount_amounts: [],
    discountable: ii.discountable,
    discounts: [],
    invoice: invoice.id,
    livemode: false,
    metadata: { ...(ii.metadata ?? {}) },
    parent:
      proration && subItem && subId
        ? {
            type: 'subscription_item_details',
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: ii.id,
              proration: true,
              proration_details: { credited_items: null },
              subscription: subId,
              subscription_item: subItem,
            },
          }
        : {
            type: 'invoice_item_details',
            invoice_item_details: { invoice_item: ii.id, proration, proration_details: { credited_items: null }, subscription: subId },
            subscription_item_details: null,
          },
    period: { ...ii.period },
    pretax_credit_amounts: [],
    pricing: ii.pricing,
    quantity: ii.quantity,
    quantity_decimal: ii.quantity_decimal,
    subscription: subId,
    subtotal: ii.amount,
    taxes: [],
  };
}

export function recomputeTotals(invoice: Stripe.Invoice): void {
  const subtotal = invoice.lines.data.reduce((sum, l) => sum + l.amount, 0);
  invoice.subtotal = subtotal;
  invoice.subtotal_excluding_tax = subtotal;
  invoice.total = subtotal;
  invoice.total_excluding_tax = subtotal;
  const due = Math.max(0, subtotal + invoice.starting_balance);
  invoice.amount_due = due;
  invoice.amount_remaining = Math.max(0, due - invoice.amount_paid);
}

/** Moves every pending invoice item of the customer (for this subscription, or for none) onto the invoice. */
export function pullPendingItems(emu: Emulator, invoice: Stripe.Invoice, subscription: string | null): void {
  const customer = idOf(invoice.customer);
  for (const ii of emu.state.invoiceItems.values()) {
    if (ii.invoice !== null || idOf(ii.customer) !== customer) continue;
    const itemSubId = ii.parent?.subscription_details?.subscription ?? null;
    if (itemSubId !== null && itemSubId !== subscription) continue;
    if (ii.currency !== invoice.currency) continue;
    if (!invoice.id.startsWith('upcoming_')) ii.invoice = invoice.id;
    invoice.lines.data.push(invoiceItemLine(invoice, ii));
  }
  recomputeTotals(invoice);
}
