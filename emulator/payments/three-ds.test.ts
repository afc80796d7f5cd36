// Emulator-only: completing or failing 3-D Secure through POST /3ds/authenticate (the test
// page's buttons), browser calls with a publishable key, and CORS.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../server';
import { emulatorClient, waitForClock } from '../test/target';

let emu: EmulatorHandle;
let stripe: Stripe;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  stripe = emulatorClient(emu.url);
});
afterAll(() => emu.stop());

async function authenticate(
  intent: string,
  clientSecret: string,
  outcome: 'complete' | 'fail',
  json = true,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const payload = { intent, client_secret: clientSecret, outcome };
  const res = await fetch(
    `${emu.url}/3ds/authenticate`,
    json
      ? { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:3000' }, body: JSON.stringify(payload) }
      : { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(payload).toString() },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function requiringAction(pm: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}): Promise<Stripe.PaymentIntent> {
  const pi = await stripe.paymentIntents.create({
    amount: 2500,
    currency: 'usd',
    allowed_payment_method_types: ['card'],
    payment_method: pm,
    confirm: true,
    use_stripe_sdk: true,
    ...extra,
  });
  expect(pi.status).toBe('requires_action');
  return pi;
}

describe('PaymentIntents', () => {
  it('points next_action at the emulator’s challenge page', async () => {
    const pi = await requiringAction('pm_card_authenticationRequired', { return_url: 'http://localhost:3000/done' });
    const url = `${emu.url}/3ds/challenge/${pi.id}?client_secret=${encodeURIComponent(pi.client_secret as string)}`;
    expect(pi.next_action).toMatchObject({
      type: 'use_stripe_sdk',
      use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url },
      redirect_to_url: { url, return_url: 'http://localhost:3000/done' },
    });
  });

  it('complete → succeeded, with the authentication on the charge', async () => {
    const pi = await requiringAction('pm_card_threeDSecure2Required');
    const res = await authenticate(pi.id, pi.client_secret as string, 'complete');
    expect(res).toMatchObject({ status: 200, body: { status: 'succeeded' } });
    const done = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
    expect(done.next_action).toBeNull();
    expect((done.latest_charge as Stripe.Charge).payment_method_details?.card?.three_d_secure?.result).toBe('authenticated');
    await emu.settle();
    const types = (await stripe.events.list({ limit: 10 })).data
      .filter((e) => (e.data.object as { id: string }).id === pi.id)
      .map((e) => e.type);
    expect(types).toEqual(['payment_intent.succeeded', 'payment_intent.requires_action', 'payment_intent.created']);
  });

  it('fail → requires_payment_method with payment_intent_authentication_failure', async () => {
    const pi = await requiringAction('pm_card_authenticationRequired');
    const res = await authenticate(pi.id, pi.client_secret as string, 'fail', false);
    expect(res.body.status).toBe('requires_payment_method');
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.last_payment_error?.code).toBe('payment_intent_authentication_failure');
    expect(after.payment_method).toBeNull();
  });

  it('4000008260003178: authentication succeeds, then insufficient funds', async () => {
    const pi = await requiringAction('pm_card_authenticationRequiredChargeDeclinedInsufficientFunds');
    const res = await authenticate(pi.id, pi.client_secret as string, 'complete');
    expect(res.body.status).toBe('requires_payment_method');
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.last_payment_error).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds' });
  });

  it('4000002500003155: once authenticated with setup_future_usage, off-session payments need no authentication', async () => {
    const customer = await stripe.customers.create({});
    const pi = await requiringAction('pm_card_authenticationRequiredOnSetup', { customer: customer.id, setup_future_usage: 'off_session' });
    await authenticate(pi.id, pi.client_secret as string, 'complete');
    const saved = (await stripe.paymentIntents.retrieve(pi.id)).payment_method as string;
    const later = await stripe.paymentIntents.create({
      amount: 900,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
      customer: customer.id,
      payment_method: saved,
      off_session: true,
      confirm: true,
    });
    expect(later.status).toBe('succeeded');
  });

  it('rejects a wrong client secret and an intent not awaiting authentication', async () => {
    const pi = await requiringAction('pm_card_authenticationRequired');
    expect((await authenticate(pi.id, 'pi_x_secret_wrong', 'complete')).status).toBe(400);
    await authenticate(pi.id, pi.client_secret as string, 'complete');
    expect((await authenticate(pi.id, pi.client_secret as string, 'complete')).status).toBe(400);
    expect((await authenticate('pi_missing', 'x', 'complete')).status).toBe(404);
  });
});

describe('SetupIntents', () => {
  it('complete → succeeded; fail → setup_intent_authentication_failure', async () => {
    const customer = await stripe.customers.create({});
    const ok = await stripe.setupIntents.create({
      customer: customer.id,
      allowed_payment_method_types: ['card'],
      payment_method: 'pm_card_authenticationRequiredOnSetup',
      confirm: true,
    });
    expect((await authenticate(ok.id, ok.client_secret as string, 'complete')).body.status).toBe('succeeded');
    const pm = (await stripe.setupIntents.retrieve(ok.id)).payment_method as string;
    expect((await stripe.paymentMethods.retrieve(pm)).customer).toBe(customer.id);
    const off = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
      customer: customer.id,
      payment_method: pm,
      off_session: true,
      confirm: true,
    });
    expect(off.status).toBe('succeeded');
    const bad = await stripe.setupIntents.create({
      customer: customer.id,
      allowed_payment_method_types: ['card'],
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
    });
    expect((await authenticate(bad.id, bad.client_secret as string, 'fail')).body.status).toBe('requires_payment_method');
    expect((await stripe.setupIntents.retrieve(bad.id)).last_setup_error?.code).toBe('setup_intent_authentication_failure');
  });
});

describe('from the browser (publishable key)', () => {
  async function form(path: string, params: Record<string, string>, origin = 'http://localhost:3000'): Promise<Response> {
    return fetch(`${emu.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
      body: new URLSearchParams({ ...params, key: 'pk_test_emulator' }).toString(),
    });
  }

  it('answers CORS preflights and allows any origin', async () => {
    const pre = await fetch(`${emu.url}/v1/payment_methods`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://shop.test',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://shop.test');
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    const res = await form(
      '/v1/payment_methods',
      { type: 'card', 'card[number]': '4242424242424242', 'card[exp_month]': '12', 'card[exp_year]': '2040', 'card[cvc]': '123' },
      'http://shop.test',
    );
    expect(res.headers.get('access-control-allow-origin')).toBe('http://shop.test');
  });

  it('confirms with payment_method_data and a Bearer publishable key, then reads the intent back', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 4200, currency: 'usd', metadata: { secret: 'server-only' } });
    const res = await fetch(`${emu.url}/v1/payment_intents/${pi.id}/confirm`, {
      method: 'POST',
      headers: { Authorization: 'Bearer pk_test_emulator', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_secret: pi.client_secret as string,
        'payment_method_data[type]': 'card',
        'payment_method_data[card][number]': '4000000000000002',
        'payment_method_data[card][exp_month]': '12',
        'payment_method_data[card][exp_year]': '2040',
        'payment_method_data[card][cvc]': '123',
        'payment_method_data[billing_details][name]': 'Jenny',
        return_url: 'http://localhost:3000/done',
        use_stripe_sdk: 'true',
        payment_user_agent: 'stripe.js/emulator',
        time_on_page: '1234',
      }).toString(),
    });
    expect(res.status).toBe(402);
    const body = (await res.json()) as { error: { decline_code: string; payment_intent: { status: string; metadata?: unknown } } };
    expect(body.error.decline_code).toBe('generic_decline');
    const read = await fetch(
      `${emu.url}/v1/payment_intents/${pi.id}?client_secret=${encodeURIComponent(pi.client_secret as string)}&key=pk_test_emulator`,
    );
    const seen = (await read.json()) as Record<string, unknown>;
    expect(seen.status).toBe('requires_payment_method');
    expect(seen).not.toHaveProperty('metadata');
    expect(seen).not.toHaveProperty('customer');
  });

  it('requires the client secret with a publishable key', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const res = await fetch(`${emu.url}/v1/payment_intents/${pi.id}?key=pk_test_emulator`);
    expect(res.status).toBe(400);
    const other = await form(`/v1/payment_intents/${pi.id}/capture`, {});
    expect(other.status).toBe(401);
  });
});

describe('subscriptions with 3-D Secure', () => {
  it('default_incomplete + 3155: authenticate the first invoice’s payment, then renewals need none', async () => {
    const product = await stripe.products.create({ name: '3DS plan' });
    const price = await stripe.prices.create({ product: product.id, unit_amount: 1000, currency: 'usd', recurring: { interval: 'month' } });
    const start = Math.floor(Date.now() / 1000);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await stripe.customers.create({ test_clock: clock.id });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
      payment_settings: { save_default_payment_method: 'on_subscription' },
      expand: ['latest_invoice.confirmation_secret'],
    });
    const secret = (sub.latest_invoice as Stripe.Invoice).confirmation_secret?.client_secret as string;
    const piId = secret.split('_secret_')[0] as string;
    const pi = await stripe.paymentIntents.confirm(piId, { payment_method: 'pm_card_authenticationRequiredOnSetup', use_stripe_sdk: true });
    expect(pi.status).toBe('requires_action');
    expect((await authenticate(piId, secret, 'complete')).body.status).toBe('succeeded');
    const active = await stripe.subscriptions.retrieve(sub.id);
    expect(active.status).toBe('active');
    expect(active.default_payment_method).toEqual(expect.stringMatching(/^pm_/));
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: (active.items.data[0]?.current_period_end as number) + 7200 });
    await waitForClock(stripe, clock.id);
    const renewed = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(renewed.status).toBe('active');
    expect((renewed.latest_invoice as Stripe.Invoice).status).toBe('paid');
  });

  it('a renewal on a card that always needs authentication waits for the customer', async () => {
    const product = await stripe.products.create({ name: 'SCA plan' });
    const price = await stripe.prices.create({ product: product.id, unit_amount: 1000, currency: 'usd', recurring: { interval: 'month' } });
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
    const customer = await stripe.customers.create({ test_clock: clock.id });
    const sca = await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      default_payment_method: sca.id,
      payment_behavior: 'default_incomplete',
    });
    const invoice = await stripe.invoices.retrieve(sub.latest_invoice as string);
    await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: (sub.items.data[0]?.current_period_end as number) + 7200 });
    await waitForClock(stripe, clock.id);
    const renewed = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice.payments'] });
    expect(renewed.status).toBe('past_due');
    const latest = renewed.latest_invoice as Stripe.Invoice;
    const renewalPi = await stripe.paymentIntents.retrieve(latest.payments?.data[0]?.payment.payment_intent as string);
    expect(renewalPi.status).toBe('requires_action');
    const types = (await stripe.events.list({ types: ['invoice.payment_action_required'] })).data.map(
      (e) => (e.data.object as Stripe.Invoice).id,
    );
    expect(types).toContain(latest.id);
  });
});
