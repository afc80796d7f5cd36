// Contract, table-driven: every documented test card, by number (typed into the card field)
// and by its pm_card_* id, behaves as Stripe test mode does.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPaymentMethod, contractTarget, eventually, rejection, type Target } from '../test/target';

let t: Target;
let stripe: Stripe;

beforeAll(async () => {
  t = await contractTarget('test-cards');
  stripe = t.stripe;
});
afterAll(() => t.close());

type Outcome = 'succeeded' | 'requires_action' | { code: string; decline_code?: string };

interface Row {
  name: string;
  number: string;
  pmId: string | null;
  pay: Outcome;
  /** Attaching runs the issuer check: declines are refused. */
  attach: 'ok' | string;
  brand?: string;
  dispute?: boolean;
}

const declined = (decline_code: string, code = 'card_declined') => ({ code, decline_code });

const CARDS: Row[] = [
  { name: 'Visa', number: '4242424242424242', pmId: 'pm_card_visa', pay: 'succeeded', attach: 'ok', brand: 'visa' },
  { name: 'Visa debit', number: '4000056655665556', pmId: 'pm_card_visa_debit', pay: 'succeeded', attach: 'ok', brand: 'visa' },
  { name: 'Mastercard', number: '5555555555554444', pmId: 'pm_card_mastercard', pay: 'succeeded', attach: 'ok', brand: 'mastercard' },
  { name: 'Amex', number: '378282246310005', pmId: 'pm_card_amex', pay: 'succeeded', attach: 'ok', brand: 'amex' },
  { name: 'Discover', number: '6011111111111117', pmId: 'pm_card_discover', pay: 'succeeded', attach: 'ok', brand: 'discover' },
  {
    name: '3DS required on session (setup)',
    number: '4000002500003155',
    pmId: 'pm_card_authenticationRequiredOnSetup',
    pay: 'requires_action',
    attach: 'ok',
  },
  { name: '3DS always required', number: '4000002760003184', pmId: 'pm_card_authenticationRequired', pay: 'requires_action', attach: 'ok' },
  { name: '3DS2 then success', number: '4000000000003220', pmId: 'pm_card_threeDSecure2Required', pay: 'requires_action', attach: 'ok' },
  {
    name: '3DS then insufficient funds',
    number: '4000008260003178',
    pmId: 'pm_card_authenticationRequiredChargeDeclinedInsufficientFunds',
    pay: 'requires_action',
    attach: 'ok',
  },
  {
    name: 'generic decline',
    number: '4000000000000002',
    pmId: 'pm_card_visa_chargeDeclined',
    pay: declined('generic_decline'),
    attach: 'card_declined',
  },
  {
    name: 'insufficient funds',
    number: '4000000000009995',
    pmId: 'pm_card_visa_chargeDeclinedInsufficientFunds',
    pay: declined('insufficient_funds'),
    attach: 'card_declined',
  },
  {
    name: 'lost card',
    number: '4000000000009987',
    pmId: 'pm_card_visa_chargeDeclinedLostCard',
    pay: declined('lost_card'),
    attach: 'card_declined',
  },
  {
    name: 'stolen card',
    number: '4000000000009979',
    pmId: 'pm_card_visa_chargeDeclinedStolenCard',
    pay: declined('stolen_card'),
    attach: 'card_declined',
  },
  {
    name: 'expired card',
    number: '4000000000000069',
    pmId: 'pm_card_chargeDeclinedExpiredCard',
    pay: { code: 'expired_card' },
    attach: 'expired_card',
  },
  {
    name: 'incorrect CVC',
    number: '4000000000000127',
    pmId: 'pm_card_chargeDeclinedIncorrectCvc',
    pay: { code: 'incorrect_cvc' },
    attach: 'incorrect_cvc',
  },
  {
    name: 'processing error',
    number: '4000000000000119',
    pmId: 'pm_card_chargeDeclinedProcessingError',
    pay: { code: 'processing_error' },
    attach: 'processing_error',
  },
  {
    name: 'attaches, charges fail',
    number: '4000000000000341',
    pmId: 'pm_card_chargeCustomerFail',
    pay: declined('generic_decline'),
    attach: 'ok',
  },
  { name: 'creates a dispute', number: '4000000000000259', pmId: 'pm_card_createDispute', pay: 'succeeded', attach: 'ok', dispute: true },
];

async function pay(pm: string): Promise<{ pi?: Stripe.PaymentIntent; err?: Stripe.errors.StripeError }> {
  try {
    return {
      pi: await stripe.paymentIntents.create({
        amount: 1999,
        currency: 'usd',
        allowed_payment_method_types: ['card'],
        payment_method: pm,
        confirm: true,
      }),
    };
  } catch (err) {
    return { err: err as Stripe.errors.StripeError };
  }
}

function check(row: Row, result: { pi?: Stripe.PaymentIntent; err?: Stripe.errors.StripeError }): void {
  if (typeof row.pay === 'string') {
    expect(result.err?.message).toBeUndefined();
    expect(result.pi?.status).toBe(row.pay);
    if (row.pay === 'requires_action') expect(result.pi?.next_action).not.toBeNull();
    return;
  }
  expect(result.err?.statusCode).toBe(402);
  expect(result.err?.type).toBe('StripeCardError');
  expect(result.err?.code).toBe(row.pay.code);
  if (row.pay.decline_code) expect(result.err?.decline_code).toBe(row.pay.decline_code);
  expect(result.err?.payment_intent?.status).toBe('requires_payment_method');
}

describe.each(CARDS)('$name ($number)', (row) => {
  it('by number, as typed into the card field', async () => {
    const created = await cardPaymentMethod(t, row.number);
    expect(created.status).toBe(200);
    if (row.brand) expect((created.body.card as { brand: string }).brand).toBe(row.brand);
    check(row, await pay(created.body.id as string));
  });

  it.runIf(row.pmId)('by pm_card_* id', async () => {
    const result = await pay(row.pmId as string);
    check(row, result);
    if (row.dispute && result.pi) {
      const charge = await eventually(async () => {
        const c = await stripe.charges.retrieve(result.pi?.latest_charge as string);
        return c.disputed ? c : null;
      });
      expect(charge.disputed).toBe(true);
    }
  });

  it('attaching to a customer', async () => {
    const customer = await stripe.customers.create({});
    const pm = row.pmId ?? ((await cardPaymentMethod(t, row.number)).body.id as string);
    if (row.attach === 'ok') {
      expect((await stripe.paymentMethods.attach(pm, { customer: customer.id })).customer).toBe(customer.id);
    } else {
      const err = await rejection(stripe.paymentMethods.attach(pm, { customer: customer.id }));
      expect(err.code).toBe(row.attach);
    }
  });
});

describe('incorrect number (4242424242424241)', () => {
  it('fails the Luhn check when the card is tokenized', async () => {
    const res = await cardPaymentMethod(t, '4242424242424241');
    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({ type: 'card_error', code: 'incorrect_number' });
  });
});
