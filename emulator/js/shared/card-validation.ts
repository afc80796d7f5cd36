/** Card brands as Stripe.js reports them in change events. */
export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'unknown';

/** The error an Element puts on its change event, with Stripe.js's code and wording. */
export interface ValidationError {
  type: 'validation_error';
  code: string;
  message: string;
}

/** One field's state; `error` is set whenever it is not complete, `eager` errors show while typing and the rest once the field is left (if not empty) or the form submitted. */
export interface FieldCheck {
  empty: boolean;
  complete: boolean;
  error?: ValidationError;
  eager: boolean;
}

const BRAND_PATTERNS: Array<[CardBrand, RegExp]> = [
  ['amex', /^3[47]/],
  ['diners', /^3(0[0-5]|[689])/],
  ['jcb', /^35/],
  ['unionpay', /^62/],
  ['discover', /^6(011|5|4[4-9])/],
  ['mastercard', /^(5[1-5]|2[2-7])/],
  ['visa', /^4/],
];

const NUMBER_LENGTHS: Record<CardBrand, number[]> = {
  visa: [16],
  mastercard: [16],
  amex: [15],
  discover: [16, 19],
  diners: [14, 16],
  jcb: [16, 19],
  unionpay: [16, 17, 18, 19],
  unknown: [16],
};

function invalid(code: string, message: string): ValidationError {
  return { type: 'validation_error', code, message };
}

const COMPLETE: FieldCheck = { empty: false, complete: true, eager: false };

export function digitsOnly(value: string): string {
  return value.replace(/\D/g, '');
}

export function cardBrand(digits: string): CardBrand {
  return BRAND_PATTERNS.find(([, pattern]) => pattern.test(digits))?.[0] ?? 'unknown';
}

export function maxNumberLength(brand: CardBrand): number {
  return Math.max(...NUMBER_LENGTHS[brand]);
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Groups digits as printed on the card: 4-6-5 for Amex (and 14-digit Diners), fours otherwise. */
export function formatCardNumber(digits: string): string {
  const brand = cardBrand(digits);
  const gaps = brand === 'amex' || (brand === 'diners' && digits.length <= 14) ? [4, 10] : [4, 8, 12, 16];
  let out = '';
  for (let i = 0; i < digits.length; i += 1) {
    if (gaps.includes(i)) out += ' ';
    out += digits[i];
  }
  return out;
}

const INCOMPLETE_NUMBER = invalid('incomplete_number', 'Your card number is incomplete.');
const INCOMPLETE_EXPIRY = invalid('incomplete_expiry', "Your card's expiration date is incomplete.");
const INCOMPLETE_CVC = invalid('incomplete_cvc', "Your card's security code is incomplete.");

function emptyField(error: ValidationError): FieldCheck {
  return { empty: true, complete: false, eager: false, error };
}

export function checkNumber(digits: string): FieldCheck {
  if (digits.length === 0) return emptyField(INCOMPLETE_NUMBER);
  const brand = cardBrand(digits);
  const lengths = NUMBER_LENGTHS[brand];
  const atMax = digits.length >= maxNumberLength(brand);
  if (lengths.includes(digits.length) && luhnValid(digits)) return COMPLETE;
  if (lengths.includes(digits.length) || atMax) {
    return { empty: false, complete: false, eager: atMax, error: invalid('invalid_number', 'Your card number is invalid.') };
  }
  return { empty: false, complete: false, eager: false, error: INCOMPLETE_NUMBER };
}

/** Normalises typed expiry digits like Elements does: "4" → "04", "13" → "01" + "3", no "00" month. */
export function normalizeExpiryDigits(raw: string): string {
  let digits = digitsOnly(raw);
  if (/^[2-9]/.test(digits)) digits = `0${digits}`;
  if (/^1[3-9]/.test(digits)) digits = `01${digits.slice(1)}`;
  if (digits.startsWith('00')) digits = `0${digits.slice(2)}`;
  return digits.slice(0, 4);
}

/** Renders "MM / YY"; the separator appears once the month is typed, unless the user is deleting. */
export function formatExpiry(digits: string, deleting: boolean): string {
  if (digits.length < 2 || (digits.length === 2 && deleting)) return digits;
  return `${digits.slice(0, 2)} / ${digits.slice(2)}`;
}

export function expiryParts(digits: string): { month: number; year: number } {
  return { month: Number(digits.slice(0, 2)), year: 2000 + Number(digits.slice(2, 4)) };
}

export function checkExpiry(digits: string, now: Date): FieldCheck {
  if (digits.length === 0) return emptyField(INCOMPLETE_EXPIRY);
  if (digits.length < 4) return { empty: false, complete: false, eager: false, error: INCOMPLETE_EXPIRY };
  const { month, year } = expiryParts(digits);
  const thisYear = now.getFullYear();
  if (year < thisYear) {
    return {
      empty: false,
      complete: false,
      eager: true,
      error: invalid('invalid_expiry_year_past', "Your card's expiration year is in the past."),
    };
  }
  if (year === thisYear && month < now.getMonth() + 1) {
    return {
      empty: false,
      complete: false,
      eager: true,
      error: invalid('invalid_expiry_month_past', "Your card's expiration date is in the past."),
    };
  }
  if (year > thisYear + 50) {
    return { empty: false, complete: false, eager: true, error: invalid('invalid_expiry_year', "Your card's expiration year is invalid.") };
  }
  return COMPLETE;
}

export function cvcLength(brand: CardBrand): number {
  return brand === 'amex' ? 4 : 3;
}

export function checkCvc(digits: string, brand: CardBrand): FieldCheck {
  if (digits.length === 0) return emptyField(INCOMPLETE_CVC);
  if (digits.length >= cvcLength(brand)) return COMPLETE;
  return { empty: false, complete: false, eager: false, error: INCOMPLETE_CVC };
}

/** US ZIPs need five digits; elsewhere any non-empty code is accepted, as Elements does. */
export function checkPostalCode(value: string, country: string | undefined): FieldCheck {
  const trimmed = value.trim();
  const isUs = country === 'US';
  const incomplete = invalid('incomplete_zip', isUs ? 'Your ZIP is incomplete.' : 'Your postal code is incomplete.');
  if (trimmed.length === 0) return emptyField(incomplete);
  const digits = digitsOnly(trimmed).length;
  if (isUs && digits < 5) return { empty: false, complete: false, eager: false, error: incomplete };
  if (isUs && (/[^\d-]/.test(trimmed) || (digits !== 5 && digits !== 9))) {
    return { empty: false, complete: false, eager: false, error: invalid('invalid_zip', 'Your ZIP is invalid.') };
  }
  return COMPLETE;
}
