// Contract: customers, payment methods (attach/detach/list, pm_card_* ids) and SetupIntents.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserPost, cardPaymentMethod, contractTarget, eventually, rejection, type Target } from '../test/target';

let t: Target;
let stripe: Stripe;

beforeAll(async () => {
  t = await contractTarget('customers');
  stripe = t.stripe;
});
afterAll(() => t.close());

describe('customers', () => {
  it('creates, retrieves, updates, lists and deletes', async () => {
    const email = `c${Date.now()}@example.com`;
    const c = await stripe.customers.create({
      email,
      name: 'Ada',
      metadata: { user: 'u1' },
      address: { line1: '1 Main St', country: 'US' },
    });
    expect(c).toMatchObject({ object: 'customer', email, name: 'Ada', metadata: { user: 'u1' }, balance: 0, delinquent: false });
    expect(c.address?.line1).toBe('1 Main St');
    const u = await stripe.customers.update(c.id, { name: 'Ada L.', metadata: { user: '', plan: 'pro' }, description: '' });
    expect(u.name).toBe('Ada L.');
    expect(u.metadata).toEqual({ plan: 'pro' });
    expect(u.description).toBeNull();
    const listed = await stripe.customers.list({ email });
    expect(listed.data.map((x) => x.id)).toEqual([c.id]);
    const deleted = await stripe.customers.del(c.id);
    expect(deleted).toEqual({ id: c.id, object: 'customer', deleted: true });
    const again = await stripe.customers.retrieve(c.id);
    expect(again.deleted).toBe(true);
  });

  it('sets invoice_settings.default_payment_method only to an attached method', async () => {
    const c = await stripe.customers.create({});
    const loose = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } }).catch(() => null);
    const err = await rejection(stripe.customers.update(c.id, { invoice_settings: { default_payment_method: loose?.id ?? 'pm_missing' } }));
    expect(err.statusCode).toBeGreaterThanOrEqual(400);
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    const updated = await stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id } });
    expect(updated.invoice_settings.default_payment_method).toBe(pm.id);
  });
});

describe('payment methods', () => {
  it('attaches test ids, lists, detaches', async () => {
    const c = await stripe.customers.create({});
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    expect(visa).toMatchObject({ object: 'payment_method', type: 'card', customer: c.id });
    expect(visa.id).not.toBe('pm_card_visa');
    expect(visa.card).toMatchObject({ brand: 'visa', last4: '4242', funding: 'credit' });
    const amex = await stripe.paymentMethods.attach('pm_card_amex', { customer: c.id });
    expect(amex.card?.brand).toBe('amex');
    const list = await stripe.customers.listPaymentMethods(c.id);
    expect(list.data.map((p) => p.id).sort()).toEqual([visa.id, amex.id].sort());
    const detached = await stripe.paymentMethods.detach(visa.id);
    expect(detached.customer).toBeNull();
    const after = await stripe.paymentMethods.list({ customer: c.id, type: 'card' });
    expect(after.data.map((p) => p.id)).toEqual([amex.id]);
  });

  it('refuses to attach a card the issuer declines, but attaches 4000000000000341', async () => {
    const c = await stripe.customers.create({});
    const err = await rejection(stripe.paymentMethods.attach('pm_card_visa_chargeDeclined', { customer: c.id }));
    expect(err.type).toBe('StripeCardError');
    expect(err.code).toBe('card_declined');
    const ok = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: c.id });
    expect(ok.customer).toBe(c.id);
    const charge = await rejection(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        allowed_payment_method_types: ['card'],
        customer: c.id,
        payment_method: ok.id,
        confirm: true,
      }),
    );
    expect(charge.code).toBe('card_declined');
  });

  it('creates a card PaymentMethod from card details with a publishable key', async () => {
    const res = await cardPaymentMethod(t, '4242424242424242', { 'billing_details[name]': 'Jenny Rosen' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'payment_method', type: 'card' });
    expect((res.body.card as { last4: string }).last4).toBe('4242');
    expect((res.body.billing_details as { name: string }).name).toBe('Jenny Rosen');
    const bad = await cardPaymentMethod(t, '4242424242424241');
    expect(bad.status).toBe(402);
    expect((bad.body.error as { code: string }).code).toBe('incorrect_number');
  });
});

describe('setup intents', () => {
  it('saves a card for a customer', async () => {
    const c = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: c.id, allowed_payment_method_types: ['card'] });
    expect(si).toMatchObject({ object: 'setup_intent', status: 'requires_payment_method', usage: 'off_session' });
    const done = await stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' });
    expect(done.status).toBe('succeeded');
    const pm = await stripe.paymentMethods.retrieve(done.payment_method as string);
    expect(pm.customer).toBe(c.id);
  });

  it('needs authentication for 3155 and fails for a declining card', async () => {
    const c = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({
      customer: c.id,
      allowed_payment_method_types: ['card'],
      payment_method: 'pm_card_authenticationRequiredOnSetup',
      confirm: true,
    });
    expect(si.status).toBe('requires_action');
    const declined = await rejection(
      stripe.setupIntents.create({
        customer: c.id,
        allowed_payment_method_types: ['card'],
        payment_method: 'pm_card_visa_chargeDeclined',
        confirm: true,
      }),
    );
    expect(declined.code).toBe('card_declined');
    expect(declined.setup_intent?.status).toBe('requires_payment_method');
  });

  it('is readable and confirmable from the browser with its client secret', async () => {
    const c = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: c.id, allowed_payment_method_types: ['card'] });
    const read = await fetch(
      `${t.apiBase}/v1/setup_intents/${si.id}?client_secret=${encodeURIComponent(si.client_secret as string)}&key=${t.publishableKey}`,
    );
    expect(read.status).toBe(200);
    const wrong = await fetch(`${t.apiBase}/v1/setup_intents/${si.id}?client_secret=nope&key=${t.publishableKey}`);
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    const pm = await cardPaymentMethod(t, '4242424242424242');
    const confirmed = await browserPost(t, `/v1/setup_intents/${si.id}/confirm`, {
      client_secret: si.client_secret as string,
      payment_method: pm.body.id as string,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('succeeded');
    expect(confirmed.body).not.toHaveProperty('customer');
  });

  it('cancels', async () => {
    const si = await stripe.setupIntents.create({ allowed_payment_method_types: ['card'] });
    const canceled = await stripe.setupIntents.cancel(si.id, { cancellation_reason: 'abandoned' });
    expect(canceled.status).toBe('canceled');
  });
});

describe('search', () => {
  it('finds customers by email and metadata', async () => {
    const email = `search-${Date.now()}@example.com`;
    const c = await stripe.customers.create({ email, metadata: { plan: 'gold' } });
    await stripe.customers.create({ email: `other-${Date.now()}@example.com`, metadata: { plan: 'gold' } });
    const byEmail = await eventually(
      async () => {
        const r = await stripe.customers.search({ query: `email:'${email}'` });
        return r.data.length > 0 ? r : null;
      },
      90_000,
      1_000,
    );
    expect(byEmail.data.map((x) => x.id)).toEqual([c.id]);
    const both = await stripe.customers.search({ query: `metadata['plan']:'gold' AND email:'${email}'` });
    expect(both.data.map((x) => x.id)).toEqual([c.id]);
    const bad = await rejection(stripe.customers.search({ query: 'email:' }));
    expect(bad.statusCode).toBe(400);
  }, 120_000);
});
