import { describe, expect, it } from 'vitest';
import {
  cardBrand,
  checkCvc,
  checkExpiry,
  checkNumber,
  checkPostalCode,
  formatCardNumber,
  formatExpiry,
  luhnValid,
  normalizeExpiryDigits,
} from './card-validation';

const NOW = new Date(2026, 10, 26);

describe('card numbers', () => {
  it('recognises Stripe test card brands', () => {
    expect(cardBrand('4242424242424242')).toBe('visa');
    expect(cardBrand('5555555555554444')).toBe('mastercard');
    expect(cardBrand('2223003122003222')).toBe('mastercard');
    expect(cardBrand('378282246310005')).toBe('amex');
    expect(cardBrand('6011111111111117')).toBe('discover');
    expect(cardBrand('3056930009020004')).toBe('diners');
    expect(cardBrand('3566002020360505')).toBe('jcb');
    expect(cardBrand('6200000000000005')).toBe('unionpay');
    expect(cardBrand('9999')).toBe('unknown');
  });

  it('applies the Luhn check', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('4000002500003155')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
  });

  it('groups digits as printed on the card', () => {
    expect(formatCardNumber('4242424242424242')).toBe('4242 4242 4242 4242');
    expect(formatCardNumber('378282246310005')).toBe('3782 822463 10005');
    expect(formatCardNumber('42424')).toBe('4242 4');
  });

  it("reports Stripe's messages: incomplete while short, invalid once full and failing Luhn", () => {
    expect(checkNumber('')).toMatchObject({ empty: true, complete: false, error: { code: 'incomplete_number' } });
    expect(checkNumber('42424242')).toMatchObject({ complete: false, eager: false, error: { message: 'Your card number is incomplete.' } });
    expect(checkNumber('4242424242424241')).toMatchObject({
      eager: true,
      error: { code: 'invalid_number', message: 'Your card number is invalid.' },
    });
    expect(checkNumber('4242424242424242')).toEqual({ empty: false, complete: true, eager: false });
    expect(checkNumber('378282246310005').complete).toBe(true);
  });
});

describe('expiry', () => {
  it('normalises typing like Elements', () => {
    expect(normalizeExpiryDigits('4')).toBe('04');
    expect(normalizeExpiryDigits('13')).toBe('013');
    expect(normalizeExpiryDigits('00')).toBe('0');
    expect(normalizeExpiryDigits('12 / 34')).toBe('1234');
    expect(normalizeExpiryDigits('12/2034')).toBe('1220');
  });

  it('adds the separator unless the customer is deleting', () => {
    expect(formatExpiry('12', false)).toBe('12 / ');
    expect(formatExpiry('12', true)).toBe('12');
    expect(formatExpiry('1234', false)).toBe('12 / 34');
  });

  it('rejects past and far-future dates', () => {
    expect(checkExpiry('1234', NOW).complete).toBe(true);
    expect(checkExpiry('1126', NOW).complete).toBe(true);
    expect(checkExpiry('123', NOW)).toMatchObject({ eager: false, error: { message: "Your card's expiration date is incomplete." } });
    expect(checkExpiry('0120', NOW)).toMatchObject({
      eager: true,
      error: { code: 'invalid_expiry_year_past', message: "Your card's expiration year is in the past." },
    });
    expect(checkExpiry('1026', NOW)).toMatchObject({
      eager: true,
      error: { code: 'invalid_expiry_month_past', message: "Your card's expiration date is in the past." },
    });
    expect(checkExpiry('1299', NOW)).toMatchObject({ error: { code: 'invalid_expiry_year' } });
  });
});

describe('cvc and postal code', () => {
  it('needs three digits, four for Amex', () => {
    expect(checkCvc('12', 'visa')).toMatchObject({ error: { message: "Your card's security code is incomplete." } });
    expect(checkCvc('123', 'visa').complete).toBe(true);
    expect(checkCvc('123', 'amex').complete).toBe(false);
    expect(checkCvc('1234', 'amex').complete).toBe(true);
  });

  it('needs five digits for a US ZIP, anything for other countries', () => {
    expect(checkPostalCode('4242', 'US')).toMatchObject({ error: { message: 'Your ZIP is incomplete.' } });
    expect(checkPostalCode('42424', 'US').complete).toBe(true);
    expect(checkPostalCode('42424-1234', 'US').complete).toBe(true);
    expect(checkPostalCode('SW1A 1AA', 'GB').complete).toBe(true);
    expect(checkPostalCode('', 'GB')).toMatchObject({ empty: true, error: { message: 'Your postal code is incomplete.' } });
  });
});
