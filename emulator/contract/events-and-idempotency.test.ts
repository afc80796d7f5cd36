// Contract: events (filters, previous_attributes), webhook endpoints, idempotent requests.
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractTarget, eventually, rejection, type Target } from '../test/target';

let t: Target;
let stripe: Stripe;

beforeAll(async () => {
  t = await contractTarget('events-and-idempotency');
  stripe = t.stripe;
});
afterAll(() => t.close());

describe('events', () => {
  it('records updates with previous_attributes and filters by type and creation time', async () => {
    const c = await stripe.customers.create({ name: 'Before' });
    await stripe.customers.update(c.id, { name: 'After', metadata: { k: 'v' } });
    const updated = await eventually(async () => {
      const list = await stripe.events.list({ type: 'customer.updated', limit: 20 });
      return list.data.find((e) => (e.data.object as Stripe.Customer).id === c.id);
    });
    expect((updated.data.object as Stripe.Customer).name).toBe('After');
    expect(updated.data.previous_attributes).toMatchObject({ name: 'Before', metadata: { k: null } });
    expect(updated.api_version).toBe('2026-10-28.endive');
    expect(updated.request?.id).toMatch(/^req_/);
    const wildcard = await stripe.events.list({ type: 'customer.*', limit: 5 });
    expect(wildcard.data.every((e) => e.type.startsWith('customer.'))).toBe(true);
    const retrieved = await stripe.events.retrieve(updated.id);
    expect(retrieved.id).toBe(updated.id);
    const none = await stripe.events.list({ created: { lt: 1_000_000 } });
    expect(none.data).toEqual([]);
    const both = await rejection(stripe.events.list({ type: 'customer.updated', types: ['customer.created'] }));
    expect(both.statusCode).toBe(400);
  });
});

describe('webhook endpoints', () => {
  it('returns the signing secret only on create, lists and deletes', async () => {
    const ep = await stripe.webhookEndpoints.create({
      url: 'https://example.com/hooks/stripe',
      enabled_events: ['payment_intent.succeeded', 'charge.refunded'],
      description: 'contract',
    });
    expect(ep.secret).toMatch(/^whsec_/);
    expect(ep.status).toBe('enabled');
    const fetched = await stripe.webhookEndpoints.retrieve(ep.id);
    expect(fetched.secret).toBeUndefined();
    const list = await stripe.webhookEndpoints.list({ limit: 100 });
    expect(list.data.map((e) => e.id)).toContain(ep.id);
    const disabled = await stripe.webhookEndpoints.update(ep.id, { disabled: true });
    expect(disabled.status).toBe('disabled');
    const deleted = await stripe.webhookEndpoints.del(ep.id);
    expect(deleted.deleted).toBe(true);
    const gone = await rejection(stripe.webhookEndpoints.retrieve(ep.id));
    expect(gone.statusCode).toBe(404);
  });
});

describe('idempotency', () => {
  it('replays the stored response for the same key and parameters', async () => {
    const key = `contract-${randomUUID()}`;
    const first = await stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: key });
    const second = await stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
  });

  it('replays stored errors too (a declined confirm is not retried)', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'] });
    const key = `contract-${randomUUID()}`;
    const a = await rejection(
      stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa_chargeDeclined' }, { idempotencyKey: key }),
    );
    const b = await rejection(
      stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa_chargeDeclined' }, { idempotencyKey: key }),
    );
    expect(a.code).toBe('card_declined');
    expect(b.code).toBe('card_declined');
    expect(b.charge).toBe(a.charge);
  });

  it('rejects the same key with different parameters', async () => {
    const key = `contract-${randomUUID()}`;
    await stripe.customers.create({ email: 'one@example.com' }, { idempotencyKey: key });
    const err = await rejection(stripe.customers.create({ email: 'two@example.com' }, { idempotencyKey: key }));
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe('StripeIdempotencyError');
  });
});
