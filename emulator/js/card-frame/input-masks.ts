import {
  cardBrand,
  cvcLength,
  digitsOnly,
  formatCardNumber,
  formatExpiry,
  maxNumberLength,
  normalizeExpiryDigits,
} from '../shared/card-validation';

function caretAfter(value: string, significantBefore: number, significant: RegExp): number {
  if (significantBefore === 0) return 0;
  let seen = 0;
  for (let i = 0; i < value.length; i += 1) {
    if (significant.test(value.charAt(i))) seen += 1;
    if (seen === significantBefore) return i + 1;
  }
  return value.length;
}

/** Rewrites an input's value through `format`, keeping the caret after the same typed character. */
function reformat(input: HTMLInputElement, format: (raw: string) => string, significant: RegExp): void {
  const raw = input.value;
  const caret = input.selectionStart ?? raw.length;
  const next = format(raw);
  if (next === raw) return;
  const atEnd = caret >= raw.length;
  const before = Array.from(raw.slice(0, caret)).filter((c) => significant.test(c)).length;
  input.value = next;
  if (document.activeElement === input) {
    const position = atEnd ? next.length : caretAfter(next, before, significant);
    input.setSelectionRange(position, position);
  }
}

const DIGIT = /\d/;

export function maskNumber(input: HTMLInputElement): void {
  reformat(
    input,
    (raw) => {
      const digits = digitsOnly(raw);
      return formatCardNumber(digits.slice(0, maxNumberLength(cardBrand(digits))));
    },
    DIGIT,
  );
}

export function maskExpiry(input: HTMLInputElement, deleting: boolean): void {
  reformat(input, (raw) => formatExpiry(normalizeExpiryDigits(raw), deleting), DIGIT);
}

export function maskCvc(input: HTMLInputElement, numberDigits: string): void {
  reformat(input, (raw) => digitsOnly(raw).slice(0, cvcLength(cardBrand(numberDigits))), DIGIT);
}

export function maskPostalCode(input: HTMLInputElement, country: string | undefined): void {
  const allowed = country === 'US' ? /[\d-]/ : /[A-Za-z\d -]/;
  reformat(
    input,
    (raw) =>
      Array.from(raw.toUpperCase())
        .filter((c) => allowed.test(c))
        .join('')
        .slice(0, 10),
    allowed,
  );
}
