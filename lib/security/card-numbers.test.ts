import { describe, expect, it } from 'vitest';
import { cardBrand, findCardNumbers, maskedPan } from './card-numbers';

// Stripe's published test numbers, assembled so this file holds no card-number literal itself.
const VISA = ['4242', '4242', '4242', '4242'].join('');
const THREE_DS = ['4000', '0025', '0000', '3155'].join('');
const AMEX = ['3782', '822463', '10005'].join('');
const digitsOf = (text: string) => findCardNumbers(text).map((m) => m.digits);

describe('findCardNumbers', () => {
  it('finds plain, spaced and dashed Luhn-valid numbers, with the brand', () => {
    expect(digitsOf(`card ${VISA} end`)).toEqual([VISA]);
    expect(digitsOf(`"number":"${VISA.replace(/(\d{4})(?=\d)/g, '$1 ')}"`)).toEqual([VISA]);
    expect(digitsOf(`pan=${THREE_DS.replace(/(\d{4})(?=\d)/g, '$1-')}`)).toEqual([THREE_DS]);
    expect(digitsOf(`amex 3782 822463 10005`)).toEqual([AMEX]);
    expect(findCardNumbers(`x ${VISA} y`)[0]).toMatchObject({ brand: 'visa' });
    expect(cardBrand(AMEX)).toBe('amex');
  });

  it('finds a number followed by more digits (PAN then CVC) and never repeats the PAN in its context', () => {
    const [match] = findCardNumbers(`typed ${VISA.replace(/(\d{4})(?=\d)/g, '$1 ')} 123 into the form`);
    expect(match?.digits).toBe(VISA);
    expect(match?.context).not.toContain('4242');
    expect(maskedPan(VISA)).toBe('424242••••••4242');
  });

  it('ignores numbers that fail Luhn', () => {
    expect(digitsOf(`${VISA.slice(0, -1)}1`)).toEqual([]);
  });

  it('leaves out the documented non-card digit runs', () => {
    expect(digitsOf(`pi_${VISA} tok${VISA} ${VISA}abc`)).toEqual([]);
    expect(digitsOf(`0.${VISA} ${VISA}.5`)).toEqual([]);
    expect(digitsOf(`${VISA}${VISA}`)).toEqual([]);
    expect(digitsOf('1764158888123 1764158888123456 9999999999999995')).toEqual([]);
    expect(digitsOf('2026-11-26 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16')).toEqual([]);
    expect(digitsOf('40112345-6789-4123-8123-456789012345')).toEqual([]);
    expect(digitsOf(`{"network_transaction_id": "${VISA}", "id":${VISA}, "order_reference":"${VISA}"}`)).toEqual([]);
    expect(digitsOf(`{"number": "${VISA}", "identity": "${VISA}"}`)).toEqual([VISA, VISA]);
  });
});
