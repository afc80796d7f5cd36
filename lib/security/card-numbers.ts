// Finds what could be a payment card number (PAN) in any text: a Luhn-valid 13–19 digit number,
// written plain or in groups separated by single spaces or dashes. Used by the PCI check on the
// database, logs and source. Digit runs that are obviously something else are left out — see
// CARD_NUMBER_EXCLUSIONS, which docs/SECURITY.md lists too.
import { digitRunEnd, isDigit, luhnValid } from '@/lib/log/redact';

export type CardNumberMatch = { digits: string; brand: string; index: number; context: string };

/** What the scanner deliberately does not call a card number, and why. */
export const CARD_NUMBER_EXCLUSIONS: readonly string[] = [
  'digits inside a longer token (letters, digits or _ touching either end): Stripe ids such as pi_3Q…, hashes, base64, hex',
  'a number with a decimal point right before or after it (0.4242…, 4242….5): floats, versions, durations',
  'a digit run longer than 19 digits with no separators: big integers, nanosecond clocks, hash digests',
  'a first digit of 0, 1, 7, 8 or 9: card networks Stripe accepts start with 2–6 (Mastercard 2/5, Amex/Diners/JCB 3, Visa 4, Discover/UnionPay 6); epoch timestamps in ms start with 1',
  'groups of fewer than 3 or more than 6 digits when the number is split by spaces or dashes: dates (2026-11-26), phone numbers, lists of small numbers',
  'the value of a JSON field named id, …_id or …_reference: identifiers such as the card network’s network_transaction_id (a 15-digit reference Stripe returns)',
];

// A JSON key naming an identifier, right before the value that starts at the end of the slice.
const IDENTIFIER_KEY = /"(?:id|[A-Za-z_]*_id|[A-Za-z_]*_reference)"\s*:\s*"?$/;

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

export function cardBrand(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^3(0[0-5]|[689])/.test(digits)) return 'diners';
  if (/^35/.test(digits)) return 'jcb';
  if (/^6(011|4[4-9]|5)/.test(digits)) return 'discover';
  if (/^62/.test(digits)) return 'unionpay';
  return 'unknown';
}

/** The candidate card numbers in one run of digit groups (e.g. four groups of four digits, then a CVC). */
function candidates(run: string): string[] {
  const groups = run.split(/[ -]/);
  const found: string[] = [];
  for (let i = 0; i < groups.length; i++) {
    let digits = '';
    for (let j = i; j < groups.length; j++) {
      const group = groups[j]!;
      // A grouped number is written in groups of 3–6 digits (4-4-4-4, 4-6-5, 4-6-4).
      if (j > i && (group.length < 3 || group.length > 6 || groups[i]!.length < 3 || groups[i]!.length > 6)) break;
      digits += group;
      if (digits.length > 19) break;
      if (digits.length >= 13 && /^[2-6]/.test(digits) && luhnValid(digits)) found.push(digits);
    }
  }
  return found;
}

/** Every plausible card number in `text`, with the brand its prefix names and a little context. */
export function findCardNumbers(text: string): CardNumberMatch[] {
  const matches: CardNumberMatch[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text[i])) {
      i++;
      continue;
    }
    const end = digitRunEnd(text, i);
    const run = text.slice(i, end);
    const before = text[i - 1];
    const after = text[end];
    const insideToken = isWordChar(before) || isWordChar(after);
    const decimal = (before === '.' && isDigit(text[i - 2])) || (after === '.' && isDigit(text[end + 1]));
    const tooLong = !/[ -]/.test(run) && run.length > 19;
    const identifier = IDENTIFIER_KEY.test(text.slice(Math.max(0, i - 80), i));
    if (!insideToken && !decimal && !tooLong && !identifier) {
      // The context never repeats the number itself, so a report of a finding is safe to print and keep.
      const context = `${text.slice(Math.max(0, i - 40), i)}[…]${text.slice(end, Math.min(text.length, end + 40))}`;
      for (const digits of candidates(run)) matches.push({ digits, brand: cardBrand(digits), index: i, context });
    }
    i = end;
  }
  return matches;
}

/** A match with all but the first six and last four digits masked, safe to print. */
export function maskedPan(digits: string): string {
  return `${digits.slice(0, 6)}${'•'.repeat(digits.length - 10)}${digits.slice(-4)}`;
}
