// Emulator-only: the /_emulator control plane — faults, in-flight idempotency, reset, config, settings.
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../server';
import { emulatorClient, eventually, rejection } from '../test/target';

let emu: EmulatorHandle;
let stripe: Stripe;

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${emu.url}/_emulator/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function customerCount(): Promise<number> {
  return (await stripe.customers.list({ limit: 100 })).data.length;
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, webhookSecret: 'whsec_from_options' });
  stripe = emulatorClient(emu.url);
});
afterAll(() => emu.stop());
afterEach(async () => {
  await control('POST', 'reset');
});

describe('fault injection', () => {
  it('500: the request never runs, and the SDK’s retry succeeds', async () => {
    await control('POST', 'faults', { method: 'POST', path: '/v1/customers', status: 500 });
    const retrying = emulatorClient(emu.url, { maxNetworkRetries: 1 });
    const c = await retrying.customers.create({ email: 'retry@example.com' });
    expect(c.email).toBe('retry@example.com');
    expect(await customerCount()).toBe(1);
    expect((await control('GET', 'faults')).body.data).toEqual([]);
  });

  it('429 carries Stripe-Should-Retry and hits the next N matching requests only', async () => {
    await control('POST', 'faults', { path: '/v1/customers/*', status: 429, count: 2 });
    const c = await stripe.customers.create({});
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${emu.url}/v1/customers/${c.id}`, { headers: { Authorization: 'Bearer sk_test_x' } });
      expect(res.status).toBe(429);
      expect(res.headers.get('stripe-should-retry')).toBe('true');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limit');
    }
    expect((await stripe.customers.retrieve(c.id)).id).toBe(c.id);
    const err = await control('POST', 'faults', { path: '/v1/customers', status: 429 });
    expect(err.status).toBe(200);
    const limited = await rejection(stripe.customers.create({}));
    expect(limited.type).toBe('StripeRateLimitError');
  });

  it('hang: the client times out, and its retry with the same idempotency key succeeds once', async () => {
    await control('POST', 'faults', { method: 'POST', path: '/v1/customers', kind: 'hang', ms: 5_000 });
    const impatient = emulatorClient(emu.url, { timeout: 300 });
    const timeout = await rejection(impatient.customers.create({}));
    expect(timeout.type).toBe('StripeConnectionError');
    const key = randomUUID();
    await control('POST', 'faults', { method: 'POST', path: '/v1/customers', kind: 'hang', ms: 5_000 });
    const retrying = emulatorClient(emu.url, { timeout: 300, maxNetworkRetries: 2 });
    const c = await retrying.customers.create({ name: 'after hang' }, { idempotencyKey: key });
    expect(c.name).toBe('after hang');
    expect(await customerCount()).toBe(1);
  });

  it('drop after execution: the response is lost, the idempotent retry replays it', async () => {
    await control('POST', 'faults', { method: 'POST', path: '/v1/customers', kind: 'drop', phase: 'after' });
    const c = await emulatorClient(emu.url, { maxNetworkRetries: 1 }).customers.create({ name: 'dropped' });
    expect(c.name).toBe('dropped');
    expect(c.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(await customerCount()).toBe(1);
  });

  it('drop before execution: the connection is cut and nothing is created', async () => {
    await control('POST', 'faults', { method: 'POST', path: '/v1/customers', kind: 'drop', count: 2 });
    const err = await rejection(stripe.customers.create({}));
    expect(err.type).toBe('StripeConnectionError');
    expect(await customerCount()).toBe(0);
  });

  it('validates fault specs', async () => {
    expect((await control('POST', 'faults', { path: 'no-slash' })).status).toBe(400);
    expect((await control('POST', 'faults', { path: '/v1/x', kind: 'explode' })).status).toBe(400);
    expect((await control('POST', 'faults', { path: '/v1/x', bogus: 1 })).status).toBe(400);
    const bad = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
  });
});

describe('idempotency in flight', () => {
  it('answers 409 to a concurrent request with a key still executing', async () => {
    await control('POST', 'faults', { method: 'POST', path: '/v1/customers', kind: 'delay', ms: 300 });
    const key = randomUUID();
    const first = stripe.customers.create({ name: 'slow' }, { idempotencyKey: key });
    await new Promise((r) => setTimeout(r, 50));
    const second = await rejection(stripe.customers.create({ name: 'slow' }, { idempotencyKey: key }));
    expect(second.statusCode).toBe(409);
    expect(second.code).toBe('idempotency_key_in_use');
    const done = await first;
    const replay = await stripe.customers.create({ name: 'slow' }, { idempotencyKey: key });
    expect(replay.id).toBe(done.id);
  });

  it('does not store validation failures, so a corrected retry with the key runs', async () => {
    const key = randomUUID();
    const bad = await rejection(stripe.customers.create({ bogus: 1 } as Stripe.CustomerCreateParams, { idempotencyKey: key }));
    expect(bad.code).toBe('parameter_unknown');
    const again = await rejection(stripe.customers.create({ bogus: 1 } as Stripe.CustomerCreateParams, { idempotencyKey: key }));
    expect(again.code).toBe('parameter_unknown');
  });
});

describe('control plane', () => {
  it('exposes config including the webhook secret', async () => {
    const { body } = await control('GET', 'config');
    expect(body).toMatchObject({ url: emu.url, apiVersion: Stripe.API_VERSION, webhookSecret: 'whsec_from_options' });
    expect((await control('GET', 'health')).body.ok).toBe(true);
  });

  it('reset forgets every object', async () => {
    const c = await stripe.customers.create({});
    await control('POST', 'reset');
    const err = await rejection(stripe.customers.retrieve(c.id));
    expect(err.statusCode).toBe(404);
  });

  it('settings: processingMs routes card payments through `processing`', async () => {
    const updated = await control('POST', 'config', { processingMs: 100 });
    expect((updated.body.settings as { processingMs: number }).processingMs).toBe(100);
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(pi.status).toBe('processing');
    const done = await eventually(
      async () => {
        const now = await stripe.paymentIntents.retrieve(pi.id);
        return now.status === 'succeeded' ? now : null;
      },
      3_000,
      20,
    );
    expect(done.amount_received).toBe(1000);
    const events = await stripe.events.list({ types: ['payment_intent.processing', 'payment_intent.succeeded'] });
    expect(events.data.map((e) => e.type)).toEqual(['payment_intent.succeeded', 'payment_intent.processing']);
  });

  it('settings: dunning outcome is configurable', async () => {
    const res = await control('POST', 'config', {
      dunning: { retryDays: [1, 2], afterRetries: 'unpaid', invoiceAfterRetries: 'uncollectible' },
    });
    expect(res.body.settings).toMatchObject({
      dunning: { retryDays: [1, 2], afterRetries: 'unpaid', invoiceAfterRetries: 'uncollectible' },
    });
    expect((await control('POST', 'config', { dunning: { afterRetries: 'explode' } })).status).toBe(400);
  });

  it('answers 404 for unknown control routes', async () => {
    expect((await control('GET', 'nope')).status).toBe(404);
  });
});
