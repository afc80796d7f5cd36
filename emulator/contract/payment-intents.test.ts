// Contract: PaymentIntents, charges and refunds behave like Stripe test mode.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractTarget, eventually, rejection, type Target } from '../test/target';

let t: Target;
let stripe: Stripe;

beforeAll(async () => {
  t = await contractTarget('payment-intents');
  stripe = t.stripe;
});
afterAll(() => t.close());

const card = { allowed_payment_method_types: ['card'] };

describe('PaymentIntent lifecycle', () => {
  it('goes requires_payment_method → requires_confirmation → succeeded with a charge', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', ...card, metadata: { order: 'o_1' } });
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.client_secret?.startsWith(`${pi.id}_secret_`)).toBe(true);
    expect(pi.metadata).toEqual({ order: 'o_1' });
    const withPm = await stripe.paymentIntents.update(pi.id, { payment_method: 'pm_card_visa' });
    expect(withPm.status).toBe('requires_confirmation');
    const done = await stripe.paymentIntents.confirm(pi.id);
    expect(done.status).toBe('succeeded');
    expect(done.amount_received).toBe(2000);
    const charge = await stripe.charges.retrieve(done.latest_charge as string);
    expect(charge).toMatchObject({
      amount: 2000,
      captured: true,
      paid: true,
      status: 'succeeded',
      refunded: false,
      amount_refunded: 0,
      payment_intent: pi.id,
    });
    expect(charge.payment_method_details?.card?.last4).toBe('4242');
  });

  it('creates and confirms in one call, and expands latest_charge', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1500,
      currency: 'eur',
      ...card,
      payment_method: 'pm_card_mastercard',
      confirm: true,
      expand: ['latest_charge'],
    });
    expect(pi.status).toBe('succeeded');
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.object).toBe('charge');
    expect(charge.payment_method_details?.card?.brand).toBe('mastercard');
  });

  it('supports manual capture, including a partial capture', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 5000,
      currency: 'usd',
      ...card,
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(pi.status).toBe('requires_capture');
    expect(pi.amount_capturable).toBe(5000);
    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 3000 });
    expect(captured.status).toBe('succeeded');
    expect(captured.amount_received).toBe(3000);
    const charge = await stripe.charges.retrieve(captured.latest_charge as string);
    expect(charge.captured).toBe(true);
    expect(charge.amount_captured).toBe(3000);
    const err = await rejection(stripe.refunds.create({ payment_intent: pi.id, amount: 3001 }));
    expect(err.statusCode).toBe(400);
  });

  it('refuses to capture more than is capturable', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      ...card,
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const err = await rejection(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1001 }));
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe('StripeInvalidRequestError');
  });

  it('cancels an uncaptured PaymentIntent and releases the authorization', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      ...card,
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled.status).toBe('canceled');
    expect(canceled.cancellation_reason).toBe('requested_by_customer');
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    const again = await rejection(stripe.paymentIntents.cancel(pi.id));
    expect(again.code).toBe('payment_intent_unexpected_state');
  });

  it('declines with Stripe’s card error and leaves the intent reusable', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', ...card });
    const err = await rejection(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds' }));
    expect(err.statusCode).toBe(402);
    expect(err.type).toBe('StripeCardError');
    expect(err.code).toBe('card_declined');
    expect(err.decline_code).toBe('insufficient_funds');
    expect(err.payment_intent?.id).toBe(pi.id);
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error?.decline_code).toBe('insufficient_funds');
    const charge = await stripe.charges.retrieve(after.latest_charge as string);
    expect(charge.status).toBe('failed');
    const retried = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('succeeded');
  });

  it('asks for 3-D Secure on a card that requires it', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      ...card,
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
      return_url: 'https://example.com/return',
    });
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.type).toBe('redirect_to_url');
    expect(pi.next_action?.redirect_to_url?.return_url).toBe('https://example.com/return');
    const sdk = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      ...card,
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
      use_stripe_sdk: true,
    });
    expect(sdk.next_action?.type).toBe('use_stripe_sdk');
  });

  it('fails off-session payments that need authentication', async () => {
    const customer = await stripe.customers.create({});
    const pm = await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    const err = await rejection(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        ...card,
        customer: customer.id,
        payment_method: pm.id,
        off_session: true,
        confirm: true,
      }),
    );
    expect(err.code).toBe('authentication_required');
    expect(err.payment_intent?.status).toBe('requires_payment_method');
  });

  it('requires a return_url for server-side confirmation with automatic payment methods', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect(pi.automatic_payment_methods?.enabled).toBe(true);
    const err = await rejection(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }));
    expect(err.param).toBe('return_url');
    const ok = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa', return_url: 'https://example.com/done' });
    expect(ok.status).toBe('succeeded');
  });

  it('saves the card for later with setup_future_usage', async () => {
    const customer = await stripe.customers.create({ email: 'sfu@example.com' });
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      ...card,
      customer: customer.id,
      setup_future_usage: 'off_session',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(pi.status).toBe('succeeded');
    const pms = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(pms.data.map((p) => p.id)).toContain(pi.payment_method);
    const later = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'usd',
      ...card,
      customer: customer.id,
      payment_method: pi.payment_method as string,
      off_session: true,
      confirm: true,
    });
    expect(later.status).toBe('succeeded');
  });

  it('lists PaymentIntents newest first with pagination and created filters', async () => {
    const customer = await stripe.customers.create({});
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await stripe.paymentIntents.create({ amount: 100 + i * 100, currency: 'usd', ...card, customer: customer.id })).id);
    const page1 = await stripe.paymentIntents.list({ customer: customer.id, limit: 2 });
    expect(page1.object).toBe('list');
    expect(page1.has_more).toBe(true);
    expect(page1.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const page2 = await stripe.paymentIntents.list({ customer: customer.id, limit: 2, starting_after: ids[1] });
    expect(page2.data.map((p) => p.id)).toEqual([ids[0]]);
    expect(page2.has_more).toBe(false);
    const back = await stripe.paymentIntents.list({ customer: customer.id, limit: 2, ending_before: ids[0] });
    expect(back.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const future = await stripe.paymentIntents.list({ customer: customer.id, created: { gte: Math.floor(Date.now() / 1000) + 3600 } });
    expect(future.data).toEqual([]);
    const all: string[] = [];
    for await (const pi of stripe.paymentIntents.list({ customer: customer.id, limit: 1 })) all.push(pi.id);
    expect(all).toEqual([...ids].reverse());
  });

  it('emits payment_intent and charge events', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1234,
      currency: 'usd',
      ...card,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const types = await eventually(async () => {
      const events = await stripe.events.list({
        limit: 20,
        types: ['payment_intent.created', 'payment_intent.succeeded', 'charge.succeeded'],
      });
      const mine = events.data.filter(
        (e) =>
          (e.data.object as { id?: string; payment_intent?: string }).id === pi.id ||
          (e.data.object as { payment_intent?: string }).payment_intent === pi.id,
      );
      return mine.length >= 3 ? mine.map((e) => e.type).sort() : null;
    });
    expect(types).toEqual(['charge.succeeded', 'payment_intent.created', 'payment_intent.succeeded']);
  });
});

describe('refunds', () => {
  it('refunds partially several times, never more than what is left', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 3000,
      currency: 'usd',
      ...card,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const r1 = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000, reason: 'requested_by_customer' });
    expect(r1).toMatchObject({
      object: 'refund',
      amount: 1000,
      status: 'succeeded',
      reason: 'requested_by_customer',
      payment_intent: pi.id,
    });
    const r2 = await stripe.refunds.create({ charge: pi.latest_charge as string, amount: 1500 });
    expect(r2.amount).toBe(1500);
    const tooMuch = await rejection(stripe.refunds.create({ payment_intent: pi.id, amount: 501 }));
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.param).toBe('amount');
    const rest = await stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(500);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['refunds'] });
    expect(charge.amount_refunded).toBe(3000);
    expect(charge.refunded).toBe(true);
    expect(charge.refunds?.data).toHaveLength(3);
    const again = await rejection(stripe.refunds.create({ payment_intent: pi.id }));
    expect(again.code).toBe('charge_already_refunded');
    const listed = await stripe.refunds.list({ payment_intent: pi.id });
    expect(listed.data.map((r) => r.id)).toEqual([rest.id, r2.id, r1.id]);
    const updated = await stripe.refunds.update(r1.id, { metadata: { ticket: 't-1' } });
    expect(updated.metadata).toEqual({ ticket: 't-1' });
  });

  it('will not refund a payment that did not succeed', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', ...card });
    const err = await rejection(stripe.refunds.create({ payment_intent: pi.id }));
    expect(err.statusCode).toBe(400);
  });
});

describe('errors', () => {
  it('rejects unknown and missing parameters the way Stripe does', async () => {
    const unknown = await rejection(
      stripe.paymentIntents.create({ amount: 1000, currency: 'usd', bogus: 'x' } as Stripe.PaymentIntentCreateParams),
    );
    expect(unknown.code).toBe('parameter_unknown');
    expect(unknown.param).toBe('bogus');
    const missing = await rejection(stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams));
    expect(missing.code).toBe('parameter_missing');
    expect(missing.param).toBe('amount');
  });

  it('enforces amount bounds', async () => {
    const small = await rejection(stripe.paymentIntents.create({ amount: 49, currency: 'usd' }));
    expect(small.code).toBe('amount_too_small');
    const large = await rejection(stripe.paymentIntents.create({ amount: 100_000_000, currency: 'usd' }));
    expect(large.code).toBe('amount_too_large');
  });

  it('answers 404 resource_missing for unknown ids', async () => {
    const err = await rejection(stripe.paymentIntents.retrieve('pi_doesnotexist'));
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('resource_missing');
    expect(err.requestId).toMatch(/^req_/);
  });

  it('refuses a publishable key on server-only routes', async () => {
    const res = await fetch(`${t.apiBase}/v1/customers`, { headers: { Authorization: `Bearer ${t.publishableKey}` } });
    expect(res.status).toBe(401);
  });
});
