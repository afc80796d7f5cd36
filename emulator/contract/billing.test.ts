// Contract: products, prices, subscriptions, invoices and invoice items.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractTarget, rejection, type Target } from '../test/target';

let t: Target;
let stripe: Stripe;
let monthly: Stripe.Price;
let premium: Stripe.Price;
let yearly: Stripe.Price;

async function customerWithCard(pm = 'pm_card_visa'): Promise<Stripe.Customer> {
  const c = await stripe.customers.create({ email: 'sub@example.com' });
  const attached = await stripe.paymentMethods.attach(pm, { customer: c.id });
  return stripe.customers.update(c.id, { invoice_settings: { default_payment_method: attached.id } });
}

beforeAll(async () => {
  t = await contractTarget('billing');
  stripe = t.stripe;
  const product = await stripe.products.create({ name: 'Paydeck Pro', metadata: { tier: 'pro' } });
  monthly = await stripe.prices.create({ product: product.id, unit_amount: 1500, currency: 'usd', recurring: { interval: 'month' } });
  premium = await stripe.prices.create({ product: product.id, unit_amount: 3000, currency: 'usd', recurring: { interval: 'month' } });
  yearly = await stripe.prices.create({ product: product.id, unit_amount: 15000, currency: 'usd', recurring: { interval: 'year' } });
});
afterAll(() => t.close());

describe('products and prices', () => {
  it('creates a product with a default price and lists prices', async () => {
    const product = await stripe.products.create({ name: 'Credits', default_price_data: { currency: 'usd', unit_amount: 500 } });
    expect(product.default_price).toEqual(expect.stringMatching(/^price_/));
    const price = await stripe.prices.retrieve(product.default_price as string);
    expect(price).toMatchObject({ type: 'one_time', unit_amount: 500, recurring: null, product: product.id, active: true });
    const recurring = await stripe.prices.list({ product: monthly.product as string, type: 'recurring' });
    expect(recurring.data.map((p) => p.id)).toEqual(expect.arrayContaining([monthly.id, premium.id, yearly.id]));
    const archived = await stripe.prices.update(price.id, { active: false });
    expect(archived.active).toBe(false);
    const updated = await stripe.products.update(product.id, { name: 'Credit pack' });
    expect(updated.name).toBe('Credit pack');
    const cannot = await rejection(stripe.products.del(product.id));
    expect(cannot.statusCode).toBe(400);
  });
});

describe('subscriptions', () => {
  it('starts active when the default card pays the first invoice', async () => {
    const c = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: monthly.id }], expand: ['latest_invoice'] });
    expect(sub.status).toBe('active');
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 1500, billing_reason: 'subscription_create' });
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    expect(item.price.id).toBe(monthly.id);
    expect(item.current_period_end).toBeGreaterThan(item.current_period_start);
  });

  it('expands nested references four levels deep', async () => {
    const c = await customerWithCard();
    const sub = await stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: monthly.id }],
      default_payment_method: c.invoice_settings.default_payment_method as string,
    });
    const full = await stripe.subscriptions.retrieve(sub.id, {
      expand: ['items.data.price.product', 'default_payment_method', 'customer.invoice_settings.default_payment_method', 'latest_invoice'],
    });
    expect((full.items.data[0]?.price.product as Stripe.Product).name).toBe('Paydeck Pro');
    expect((full.default_payment_method as Stripe.PaymentMethod).object).toBe('payment_method');
    expect(((full.customer as Stripe.Customer).invoice_settings.default_payment_method as Stripe.PaymentMethod).card?.last4).toBe('4242');
    expect((full.latest_invoice as Stripe.Invoice).object).toBe('invoice');
    const prices = await stripe.prices.list({ product: monthly.product as string, expand: ['data.product'] });
    expect(prices.data.every((p) => (p.product as Stripe.Product).object === 'product')).toBe(true);
    const withSubs = await stripe.customers.retrieve(c.id, { expand: ['subscriptions'] });
    expect((withSubs as Stripe.Customer).subscriptions?.data.map((s) => s.id)).toEqual([sub.id]);
    const bad = await rejection(stripe.subscriptions.retrieve(sub.id, { expand: ['status'] }));
    expect(bad.statusCode).toBe(400);
  });

  it('default_incomplete exposes the latest invoice’s confirmation_secret', async () => {
    const c = await stripe.customers.create({});
    const sub = await stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: monthly.id }],
      payment_behavior: 'default_incomplete',
      payment_settings: { save_default_payment_method: 'on_subscription' },
      expand: ['latest_invoice.confirmation_secret'],
    });
    expect(sub.status).toBe('incomplete');
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.status).toBe('open');
    expect(invoice.confirmation_secret?.type).toBe('payment_intent');
    const secret = invoice.confirmation_secret?.client_secret as string;
    const piId = secret.split('_secret_')[0] as string;
    const paid = await stripe.paymentIntents.confirm(piId, { payment_method: 'pm_card_visa' });
    expect(paid.status).toBe('succeeded');
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('active');
    expect(after.default_payment_method).toBe(paid.payment_method);
    const paidInvoice = await stripe.invoices.retrieve(invoice.id, { expand: ['payments'] });
    expect(paidInvoice.status).toBe('paid');
    expect(paidInvoice.payments?.data[0]?.payment.payment_intent).toBe(piId);
  });

  it('starts a trial without charging', async () => {
    const c = await stripe.customers.create({});
    const sub = await stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: monthly.id }],
      trial_period_days: 14,
      payment_behavior: 'default_incomplete',
    });
    expect(sub.status).toBe('trialing');
    expect(sub.trial_end).toBeGreaterThan(sub.trial_start as number);
    const invoice = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice.amount_due).toBe(0);
    expect(invoice.status).toBe('paid');
    expect(sub.pending_setup_intent).toEqual(expect.stringMatching(/^seti_/));
  });

  it('updates items with prorations, previewed first', async () => {
    const c = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: monthly.id }] });
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    const prorationDate = Math.floor(Date.now() / 1000);
    const preview = await stripe.invoices.createPreview({
      customer: c.id,
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, price: premium.id }], proration_date: prorationDate },
    });
    const prorations = preview.lines.data.filter(
      (l) => l.parent?.subscription_item_details?.proration || l.parent?.invoice_item_details?.proration,
    );
    expect(prorations).toHaveLength(2);
    const credit = prorations.find((l) => l.amount < 0) as Stripe.InvoiceLineItem;
    const charge = prorations.find((l) => l.amount > 0) as Stripe.InvoiceLineItem;
    expect(credit.amount).toBeGreaterThanOrEqual(-1500);
    expect(charge.amount).toBeLessThanOrEqual(3000);
    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, price: premium.id }],
      proration_behavior: 'always_invoice',
      proration_date: prorationDate,
    });
    expect(updated.items.data[0]?.price.id).toBe(premium.id);
    const latest = await stripe.invoices.retrieve(updated.latest_invoice as string);
    expect(latest.billing_reason).toBe('subscription_update');
    expect(latest.status).toBe('paid');
    expect(latest.amount_due).toBe(charge.amount + credit.amount);
    const none = await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, quantity: 2 }], proration_behavior: 'none' });
    expect(none.items.data[0]?.quantity).toBe(2);
    expect(none.latest_invoice).toBe(updated.latest_invoice);
  });

  it('switching to a yearly price restarts the billing cycle and bills now', async () => {
    const c = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: monthly.id }] });
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    const updated = await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: yearly.id }] });
    const invoice = await stripe.invoices.retrieve(updated.latest_invoice as string);
    expect(invoice.billing_reason).toBe('subscription_update');
    expect(invoice.status).toBe('paid');
    expect(updated.items.data[0]?.current_period_end).toBeGreaterThan(item.current_period_end);
  });

  it('cancels at period end, resumes, and cancels now', async () => {
    const c = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: monthly.id }] });
    const ending = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(ending.cancel_at_period_end).toBe(true);
    expect(ending.cancel_at).toBe(ending.items.data[0]?.current_period_end);
    expect(ending.status).toBe('active');
    const kept = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect(kept.cancel_at_period_end).toBe(false);
    expect(kept.cancel_at).toBeNull();
    const canceled = await stripe.subscriptions.cancel(sub.id, { cancellation_details: { comment: 'too pricey' } });
    expect(canceled.status).toBe('canceled');
    expect(canceled.ended_at).toEqual(expect.any(Number));
    expect(canceled.cancellation_details?.comment).toBe('too pricey');
    const listed = await stripe.subscriptions.list({ customer: c.id });
    expect(listed.data).toEqual([]);
    const all = await stripe.subscriptions.list({ customer: c.id, status: 'all' });
    expect(all.data.map((s) => s.id)).toEqual([sub.id]);
  });

  it('stays incomplete when the first payment is declined', async () => {
    const c = await customerWithCard('pm_card_chargeCustomerFail');
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: monthly.id }] });
    expect(sub.status).toBe('incomplete');
    const invoice = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice.status).toBe('open');
    expect(invoice.attempt_count).toBeGreaterThanOrEqual(1);
  });

  it('refuses one-time prices and customers without a payment method', async () => {
    const c = await stripe.customers.create({});
    const noPm = await rejection(stripe.subscriptions.create({ customer: c.id, items: [{ price: monthly.id }] }));
    expect(noPm.statusCode).toBe(400);
    const product = await stripe.products.create({ name: 'One-off' });
    const once = await stripe.prices.create({ product: product.id, unit_amount: 100, currency: 'usd' });
    const err = await rejection(
      stripe.subscriptions.create({ customer: c.id, items: [{ price: once.id }], payment_behavior: 'default_incomplete' }),
    );
    expect(err.statusCode).toBe(400);
  });
});

describe('invoices', () => {
  it('creates an invoice from pending items, finalizes and pays it', async () => {
    const c = await customerWithCard();
    const ii = await stripe.invoiceItems.create({ customer: c.id, amount: 2500, currency: 'usd', description: 'Setup fee' });
    expect(ii.invoice).toBeNull();
    const pending = await stripe.invoiceItems.list({ customer: c.id, pending: true });
    expect(pending.data.map((x) => x.id)).toEqual([ii.id]);
    const draft = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include', auto_advance: false });
    expect(draft.status).toBe('draft');
    expect(draft.total).toBe(2500);
    const lines = await stripe.invoices.listLineItems(draft.id);
    expect(lines.data).toHaveLength(1);
    const open = await stripe.invoices.finalizeInvoice(draft.id);
    expect(open.status).toBe('open');
    expect(open.number).toEqual(expect.any(String));
    const paid = await stripe.invoices.pay(open.id);
    expect(paid.status).toBe('paid');
    expect(paid.amount_paid).toBe(2500);
    const again = await rejection(stripe.invoices.pay(open.id));
    expect(again.statusCode).toBe(400);
  });

  it('voids and marks invoices uncollectible', async () => {
    const c = await customerWithCard();
    await stripe.invoiceItems.create({ customer: c.id, amount: 1000, currency: 'usd' });
    const a = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    await stripe.invoices.finalizeInvoice(a.id);
    const voided = await stripe.invoices.voidInvoice(a.id);
    expect(voided.status).toBe('void');
    await stripe.invoiceItems.create({ customer: c.id, amount: 1000, currency: 'usd' });
    const b = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    await stripe.invoices.finalizeInvoice(b.id);
    const bad = await stripe.invoices.markUncollectible(b.id);
    expect(bad.status).toBe('uncollectible');
    const list = await stripe.invoices.list({ customer: c.id, status: 'void' });
    expect(list.data.map((i) => i.id)).toEqual([a.id]);
  });

  it('deletes drafts only', async () => {
    const c = await stripe.customers.create({});
    await stripe.invoiceItems.create({ customer: c.id, amount: 300, currency: 'usd' });
    const draft = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    const deleted = await stripe.invoices.del(draft.id);
    expect(deleted.deleted).toBe(true);
  });
});
