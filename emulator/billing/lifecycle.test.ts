// Emulator-only: subscription statuses and proration arithmetic on a test clock, with the
// dashboard-level settings (retry schedule, what happens after the last retry) configured.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../server';
import { emulatorClient, waitForClock } from '../test/target';

let emu: EmulatorHandle;
let stripe: Stripe;
let monthly: Stripe.Price;
let premium: Stripe.Price;
const DAY = 86_400;
// 2030-01-01T00:00:00Z: a fixed start keeps month lengths (31 days) and amounts exact.
const START = 1_893_456_000;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  stripe = emulatorClient(emu.url);
  const product = await stripe.products.create({ name: 'Lifecycle' });
  monthly = await stripe.prices.create({ product: product.id, unit_amount: 3100, currency: 'usd', recurring: { interval: 'month' } });
  premium = await stripe.prices.create({ product: product.id, unit_amount: 6200, currency: 'usd', recurring: { interval: 'month' } });
});
afterAll(() => emu.stop());

async function onClock(pm: string | null = 'pm_card_visa'): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer }> {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await stripe.customers.create({ test_clock: clock.id });
  if (pm) {
    const attached = await stripe.paymentMethods.attach(pm, { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: attached.id } });
  }
  return { clock, customer };
}

async function advance(clock: Stripe.TestHelpers.TestClock, to: number): Promise<void> {
  await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: to });
  await waitForClock(stripe, clock.id);
}

describe('statuses', () => {
  it('incomplete → incomplete_expired after 23 hours, voiding the first invoice', async () => {
    const { clock, customer } = await onClock(null);
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      payment_behavior: 'default_incomplete',
    });
    await advance(clock, START + 22 * 3600);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('incomplete');
    await advance(clock, START + 24 * 3600);
    const expired = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(expired.status).toBe('incomplete_expired');
    expect((expired.latest_invoice as Stripe.Invoice).status).toBe('void');
  });

  it('past_due → unpaid when the settings say so, and back to active once paid', async () => {
    emu.updateSettings({ dunning: { retryDays: [1, 1], afterRetries: 'unpaid', invoiceAfterRetries: 'open' } });
    try {
      const { clock, customer } = await onClock('pm_card_chargeCustomerFail');
      const sub = await stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: monthly.id }],
        payment_behavior: 'default_incomplete',
      });
      await stripe.invoices.pay(sub.latest_invoice as string, { paid_out_of_band: true });
      const periodEnd = START + 31 * DAY;
      await advance(clock, periodEnd + 3600 + 60);
      expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
      await advance(clock, periodEnd + 4 * DAY);
      const unpaid = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
      expect(unpaid.status).toBe('unpaid');
      const invoice = unpaid.latest_invoice as Stripe.Invoice;
      expect(invoice.attempt_count).toBe(3);
      expect(invoice.next_payment_attempt).toBeNull();
      const good = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
      await stripe.invoices.pay(invoice.id, { payment_method: good.id });
      expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    } finally {
      emu.updateSettings({ dunning: { retryDays: [3, 5, 7], afterRetries: 'cancel', invoiceAfterRetries: 'open' } });
    }
  });

  it('a trial without a card pauses when asked to, and resumes', async () => {
    const { clock, customer } = await onClock(null);
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      trial_period_days: 3,
      payment_behavior: 'default_incomplete',
      trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
    });
    await advance(clock, START + 3 * DAY + 60);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('paused');
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const resumed = await stripe.subscriptions.resume(sub.id, { billing_cycle_anchor: { type: 'now' } });
    expect(resumed.status).toBe('active');
    expect((await stripe.invoices.retrieve(resumed.latest_invoice as string)).status).toBe('paid');
  });

  it('cancel_at_period_end ends the subscription at the period boundary', async () => {
    const { clock, customer } = await onClock();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await advance(clock, START + 31 * DAY + 7200);
    const ended = await stripe.subscriptions.retrieve(sub.id);
    expect(ended.status).toBe('canceled');
    expect(ended.ended_at).toBe(START + 31 * DAY);
    expect((await stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(1);
  });

  it('trial_end=now ends the trial and bills immediately', async () => {
    const { customer } = await onClock();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], trial_period_days: 10 });
    const now = await stripe.subscriptions.update(sub.id, { trial_end: 'now' });
    expect(now.status).toBe('active');
    expect((await stripe.invoices.retrieve(now.latest_invoice as string)).amount_paid).toBe(3100);
  });
});

describe('proration arithmetic', () => {
  it('charges the exact remaining fraction and credits downgrades to the customer balance', async () => {
    const { clock, customer } = await onClock();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    // Ten of the 31 days used: 21/31 of each price remains.
    await advance(clock, START + 10 * DAY);
    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, price: premium.id }] },
    });
    const amounts = preview.lines.data.map((l) => l.amount).sort((a, b) => a - b);
    expect(amounts).toEqual([-2100, 4200, 6200]);
    expect(preview.amount_due).toBe(8300);
    const up = await stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, price: premium.id }],
      proration_behavior: 'always_invoice',
    });
    expect((await stripe.invoices.retrieve(up.latest_invoice as string)).amount_paid).toBe(2100);
    const down = await stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, price: monthly.id }],
      proration_behavior: 'always_invoice',
    });
    const credit = await stripe.invoices.retrieve(down.latest_invoice as string);
    expect(credit.total).toBe(-2100);
    expect(credit.amount_due).toBe(0);
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-2100);
    await advance(clock, START + 31 * DAY + 7200);
    const renewal = await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(sub.id)).latest_invoice as string);
    expect(renewal.starting_balance).toBe(-2100);
    expect(renewal.amount_paid).toBe(1000);
  });

  it('create_prorations leaves pending items for the next invoice', async () => {
    const { clock, customer } = await onClock();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    await advance(clock, START + 10 * DAY);
    await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, quantity: 2 }] });
    const pending = await stripe.invoiceItems.list({ customer: customer.id, pending: true });
    expect(pending.data.map((i) => i.amount).sort((a, b) => a - b)).toEqual([-2100, 4200]);
    expect(pending.data.every((i) => i.proration)).toBe(true);
    await advance(clock, START + 31 * DAY + 7200);
    const renewal = await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(sub.id)).latest_invoice as string);
    expect(renewal.amount_paid).toBe(6200 + 2100);
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toEqual([]);
  });
});
