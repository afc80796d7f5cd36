import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { verifyStripeEvent } from './verify';

const SECRET = 'whsec_current';
const OLD = 'whsec_previous';
const NOW = 1_800_000_000;
const payload = JSON.stringify({
  id: 'evt_1',
  object: 'event',
  type: 'payment_intent.succeeded',
  created: NOW,
  livemode: false,
  data: { object: { id: 'pi_1', object: 'payment_intent' } },
});
const sign = (timestamp: number, secret = SECRET, body = payload) =>
  Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
const verify = (header: string | null, body = payload, secrets = [SECRET]) => verifyStripeEvent(body, header, secrets, NOW * 1000);
const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { status: (error as { status?: number }).status, message: (error as Error).message };
  }
  return null;
};

describe('verifyStripeEvent', () => {
  it('accepts a fresh signature and one exactly 300 s old or ahead', () => {
    expect(verify(sign(NOW)).id).toBe('evt_1');
    expect(verify(sign(NOW - 300)).id).toBe('evt_1');
    expect(verify(sign(NOW + 300)).id).toBe('evt_1');
  });

  it('refuses 301 s stale and 301 s future-dated signatures with 400', () => {
    expect(reason(() => verify(sign(NOW - 301)))).toEqual({ status: 400, message: 'Signature timestamp outside the tolerance zone.' });
    expect(reason(() => verify(sign(NOW + 301)))).toEqual({ status: 400, message: 'Signature timestamp outside the tolerance zone.' });
  });

  it('refuses a missing header, a tampered body, a wrong secret and garbage', () => {
    expect(reason(() => verify(null))?.status).toBe(400);
    expect(reason(() => verify(sign(NOW), payload.replace('pi_1', 'pi_2')))).toEqual({ status: 400, message: 'Invalid signature.' });
    expect(reason(() => verify(sign(NOW, 'whsec_attacker')))).toEqual({ status: 400, message: 'Invalid signature.' });
    expect(reason(() => verify('t=abc,v1=00'))?.status).toBe(400);
    expect(reason(() => verify(sign(NOW, SECRET, 'not json'), 'not json'))).toEqual({ status: 400, message: 'Unparsable event body.' });
  });

  it('refuses a correctly signed body that is not a Stripe event', () => {
    for (const body of [
      '{}',
      '[]',
      '"x"',
      JSON.stringify({ id: 'evt_2', type: 'x', created: NOW, livemode: false, data: null }),
      JSON.stringify({ id: 5, type: 'x', created: NOW, livemode: false, data: { object: {} } }),
    ]) {
      expect(reason(() => verify(sign(NOW, SECRET, body), body))).toEqual({ status: 400, message: 'Not a Stripe event.' });
    }
  });

  it('accepts either secret during a rotation', () => {
    expect(verify(sign(NOW, OLD), payload, [SECRET, OLD]).id).toBe('evt_1');
    expect(verify(sign(NOW, SECRET), payload, [SECRET, OLD]).id).toBe('evt_1');
    expect(reason(() => verify(sign(NOW, OLD), payload, [SECRET]))?.status).toBe(400);
  });
});
