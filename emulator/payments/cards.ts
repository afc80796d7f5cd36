// Card PaymentMethods: built from typed card details or a pm_card_* id, attached and detached.
import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { newId } from '../core/ids';
import { snapshot } from '../core/json';
import { nowSeconds } from '../core/time';
import { ApiError, noSuch, unexpectedState } from '../wire/errors';
import { emptyAddress, idOf } from '../resources/common';
import { luhnValid, testCardByNumber, testCardByPmId, type Decline, type TestCard } from './test-cards';

export interface CardInput {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc?: string;
}

export interface BillingInput {
  address?: { [k: string]: string | null | undefined } | null;
  email?: string | null;
  name?: string | null;
  phone?: string | null;
}

function cardError(code: string, message: string, param: string): ApiError {
  return new ApiError(402, { type: 'card_error', code, message, param });
}

const fingerprints = new Map<string, string>();

/** Stable per card number, like Stripe's; cached because the same test numbers recur constantly. */
function fingerprint(number: string): string {
  let f = fingerprints.get(number);
  if (!f) {
    f = createHash('sha256')
      .update(`emulator:${number}`)
      .digest('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 16);
    if (fingerprints.size < 10_000) fingerprints.set(number, f);
  }
  return f;
}

/** Validates typed card details the way Stripe does when tokenizing (402 card errors). */
export function validateCard(input: CardInput, prefix = 'card'): string {
  const number = input.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number))
    throw cardError('incorrect_number', 'Your card number is incorrect.', `${prefix}[number]`);
  if (input.exp_month < 1 || input.exp_month > 12)
    throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.", `${prefix}[exp_month]`);
  const year = input.exp_year < 100 ? 2000 + input.exp_year : input.exp_year;
  const now = new Date();
  if (year < now.getUTCFullYear() || year > now.getUTCFullYear() + 50)
    throw cardError('invalid_expiry_year', "Your card's expiration year is invalid.", `${prefix}[exp_year]`);
  if (year === now.getUTCFullYear() && input.exp_month < now.getUTCMonth() + 1) {
    throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.", `${prefix}[exp_month]`);
  }
  if (input.cvc !== undefined && !/^\d{3,4}$/.test(input.cvc))
    throw cardError('invalid_cvc', "Your card's security code is invalid.", `${prefix}[cvc]`);
  return number;
}

export function billingDetails(b: BillingInput | undefined): Stripe.PaymentMethod.BillingDetails {
  const a = b?.address;
  return {
    address: a
      ? {
          city: a.city ?? null,
          country: a.country ?? null,
          line1: a.line1 ?? null,
          line2: a.line2 ?? null,
          postal_code: a.postal_code ?? null,
          state: a.state ?? null,
        }
      : emptyAddress(),
    email: b?.email ?? null,
    name: b?.name ?? null,
    phone: b?.phone ?? null,
    tax_id: null,
  };
}

export function createCardPaymentMethod(
  emu: Emulator,
  card: TestCard,
  details: {
    exp_month: number;
    exp_year: number;
    cvcProvided: boolean;
    billing?: BillingInput;
    metadata?: Record<string, string>;
    allowRedisplay?: Stripe.PaymentMethod.AllowRedisplay;
  },
): Stripe.PaymentMethod {
  const id = newId('pm', 24);
  const pm: Stripe.PaymentMethod = {
    id,
    object: 'payment_method',
    allow_redisplay: details.allowRedisplay ?? 'unspecified',
    billing_details: billingDetails(details.billing),
    card: {
      brand: card.brand,
      checks: {
        address_line1_check: null,
        address_postal_code_check: null,
        cvc_check: details.cvcProvided ? (card.cvcCheck === 'fail' ? 'fail' : 'pass') : null,
      },
      country: card.country,
      display_brand: card.brand === 'amex' ? 'american_express' : card.brand,
      exp_month: details.exp_month,
      exp_year: details.exp_year < 100 ? 2000 + details.exp_year : details.exp_year,
      fingerprint: fingerprint(card.number),
      funding: card.funding,
      generated_from: null,
      last4: card.number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: details.metadata ?? {},
    type: 'card',
  };
  emu.state.paymentMethods.set(id, pm);
  emu.state.cards.set(id, { number: card.number, setUp: false, consumed: false });
  return pm;
}

export function createFromCardInput(
  emu: Emulator,
  input: CardInput,
  billing?: BillingInput,
  metadata?: Record<string, string>,
  prefix = 'card',
): Stripe.PaymentMethod {
  const number = validateCard(input, prefix);
  return createCardPaymentMethod(emu, testCardByNumber(number), {
    exp_month: input.exp_month,
    exp_year: input.exp_year,
    cvcProvided: input.cvc !== undefined,
    billing,
    metadata,
  });
}

function magicExpiry(): { exp_month: number; exp_year: number } {
  const now = new Date();
  return { exp_month: now.getUTCMonth() + 1, exp_year: now.getUTCFullYear() + 1 };
}

/** Looks up a PaymentMethod; a pm_card_* test id mints a fresh one, exactly like Stripe. */
export function resolvePaymentMethod(emu: Emulator, id: string, param: string): Stripe.PaymentMethod {
  const magic = testCardByPmId(id);
  if (magic) return createCardPaymentMethod(emu, magic, { ...magicExpiry(), cvcProvided: true });
  const pm = emu.state.paymentMethods.get(id);
  if (!pm) throw noSuch('PaymentMethod', id, param);
  return pm;
}

export function testCardOf(emu: Emulator, pm: Stripe.PaymentMethod): TestCard {
  return testCardByNumber(emu.state.cards.get(pm.id)?.number ?? '4242424242424242');
}

export function declineError(decline: Decline, extra: Partial<ApiError['body']> = {}): ApiError {
  return new ApiError(402, {
    type: 'card_error',
    code: decline.code,
    decline_code: decline.decline_code,
    message: decline.message,
    ...(decline.param ? { param: decline.param } : {}),
    ...extra,
  });
}

export function attachPaymentMethod(emu: Emulator, pm: Stripe.PaymentMethod, customer: Stripe.Customer): Stripe.PaymentMethod {
  const owner = idOf(pm.customer);
  if (owner === customer.id) return pm;
  if (owner)
    throw unexpectedState('payment_method_unexpected_state', 'The payment method you provided has already been attached to a customer.', {
      param: 'payment_method',
    });
  const internal = emu.state.cards.get(pm.id);
  if (internal?.consumed) {
    throw invalid400(
      'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.',
    );
  }
  // Stripe checks the card with the issuer when attaching: issuer-declining cards are refused.
  const decline = testCardOf(emu, pm).attach;
  if (decline) throw declineError(decline, { payment_method: snapshot(pm) });
  pm.customer = customer.id;
  emu.events.emit('payment_method.attached', pm);
  return pm;
}

function invalid400(message: string): ApiError {
  return unexpectedState('payment_method_unexpected_state', message, { param: 'payment_method' });
}

export function detachPaymentMethod(emu: Emulator, pm: Stripe.PaymentMethod): Stripe.PaymentMethod {
  const owner = idOf(pm.customer);
  if (!owner) throw invalid400('The payment method you provided is not attached to a customer so detachment is impossible.');
  const customer = emu.state.customers.get(owner);
  if (customer?.invoice_settings.default_payment_method === pm.id) {
    const before = snapshot(customer);
    customer.invoice_settings.default_payment_method = null;
    emu.events.emitChange('customer.updated', customer, before);
  }
  const before = snapshot(pm);
  pm.customer = null;
  const internal = emu.state.cards.get(pm.id);
  // A detached method cannot be reused, as with Stripe.
  if (internal) internal.consumed = true;
  emu.events.emit('payment_method.detached', pm, { customer: before.customer ?? null });
  return pm;
}
