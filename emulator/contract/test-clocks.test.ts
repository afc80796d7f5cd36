// Contract: test clocks renew subscriptions, and run dunning for a failing card.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractTarget, eventually, waitForClock, type Target } from '../test/target';

let t: Target;
let stripe: Stripe;
let price: Stripe.Price;
const DAY = 86_400;

beforeAll(async () => {
  t = await contractTarget('test-clocks');
  stripe = t.stripe;
  const product = await stripe.products.create({ name: 'Clocked plan' });
  price = await stripe.prices.create({ product: product.id, unit_amount: 2000, currency: 'usd', recurring: { interval: 'month' } });
});
afterAll(() => t.close());

async function clockCustomer(
  start: number,
  pm: string,
): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer; pm: Stripe.PaymentMethod }> {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start, name: 'contract' });
  const customer = await stripe.customers.create({ test_clock: clock.id, email: 'clock@example.com' });
  const attached = await stripe.paymentMethods.attach(pm, { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: attached.id } });
  return { clock, customer, pm: attached };
}

async function advance(clock: Stripe.TestHelpers.TestClock, to: number): Promise<void> {
  const started = await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: to });
  expect(started.status).toBe('advancing');
  const ready = await waitForClock(stripe, clock.id);
  expect(ready.frozen_time).toBe(to);
}

async function eventTypes(objectId: string, prefix: string): Promise<string[]> {
  const events = await stripe.events.list({ type: `${prefix}*`, limit: 100 });
  return events.data
    .filter(
      (e) =>
        (e.data.object as { id?: string; subscription?: string; parent?: { subscription_details?: { subscription?: string } } }).id ===
          objectId ||
        (e.data.object as { parent?: { subscription_details?: { subscription?: string } } }).parent?.subscription_details?.subscription ===
          objectId,
    )
    .map((e) => e.type);
}

describe('test clocks', () => {
  it('advancing one month renews the subscription and pays the new invoice', async () => {
    const start = Math.floor(Date.now() / 1000);
    const { clock, customer } = await clockCustomer(start, 'pm_card_visa');
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.status).toBe('active');
    expect(sub.created).toBe(start);
    const periodEnd = sub.items.data[0]?.current_period_end as number;
    await advance(clock, periodEnd + 2 * 3600);
    const renewed = await stripe.subscriptions.retrieve(sub.id);
    expect(renewed.status).toBe('active');
    expect(renewed.items.data[0]?.current_period_start).toBe(periodEnd);
    expect(renewed.latest_invoice).not.toBe(sub.latest_invoice);
    const invoice = await stripe.invoices.retrieve(renewed.latest_invoice as string);
    expect(invoice).toMatchObject({ billing_reason: 'subscription_cycle', status: 'paid', amount_paid: 2000, period_start: periodEnd });
    const invoices = await stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data).toHaveLength(2);
    const subEvents = await eventually(async () => {
      const types = await eventTypes(sub.id, 'customer.subscription.');
      return types.includes('customer.subscription.updated') ? types : null;
    });
    expect(subEvents).toContain('customer.subscription.created');
    const invoiceEvents = await eventually(async () => {
      const types = await eventTypes(sub.id, 'invoice.');
      return types.filter((x) => x === 'invoice.paid').length >= 2 ? types : null;
    });
    expect(invoiceEvents).toEqual(
      expect.arrayContaining(['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded']),
    );
  }, 300_000);

  it('ends a trial into a paid period', async () => {
    const start = Math.floor(Date.now() / 1000);
    const { clock, customer } = await clockCustomer(start, 'pm_card_visa');
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 7 });
    expect(sub.status).toBe('trialing');
    await advance(clock, (sub.trial_end as number) + 2 * 3600);
    const after = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(after.status).toBe('active');
    expect((after.latest_invoice as Stripe.Invoice).amount_paid).toBe(2000);
    const warned = await eventually(
      async () => (await eventTypes(sub.id, 'customer.subscription.')).includes('customer.subscription.trial_will_end') || null,
    );
    expect(warned).toBe(true);
  }, 300_000);

  it('a failing card makes the subscription past_due, is retried, then ends as configured', async () => {
    const start = Math.floor(Date.now() / 1000);
    const { clock, customer } = await clockCustomer(start, 'pm_card_visa');
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    const periodEnd = sub.items.data[0]?.current_period_end as number;
    await advance(clock, periodEnd + 2 * 3600);
    const pastDue = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(pastDue.status).toBe('past_due');
    const invoice = pastDue.latest_invoice as Stripe.Invoice;
    expect(invoice.status).toBe('open');
    expect(invoice.attempt_count).toBe(1);
    expect(invoice.next_payment_attempt).toEqual(expect.any(Number));
    // Stripe's default retry settings are at most a few weeks; walk the clock forward in steps.
    let now = periodEnd + 2 * 3600;
    for (let i = 0; i < 4; i++) {
      now += 8 * DAY;
      await advance(clock, now);
      const current = await stripe.subscriptions.retrieve(sub.id);
      if (current.status !== 'past_due') break;
    }
    const ended = await stripe.subscriptions.retrieve(sub.id);
    expect(['canceled', 'unpaid', 'past_due']).toContain(ended.status);
    const retried = await stripe.invoices.retrieve(invoice.id);
    expect(retried.attempt_count).toBeGreaterThan(1);
    const failures = await eventually(async () => {
      const types = await eventTypes(sub.id, 'invoice.');
      return types.filter((x) => x === 'invoice.payment_failed').length >= 2 ? types : null;
    });
    expect(failures).toContain('invoice.payment_failed');
    if (t.kind === 'emulator') {
      expect(ended.status).toBe('canceled');
      expect(ended.cancellation_details?.reason).toBe('payment_failed');
      expect(retried.attempt_count).toBe(4);
    }
  }, 600_000);
});
