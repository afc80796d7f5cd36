// Scrubs secrets from a serialised log line before it is written: the last line of defence
// when a card number or key slips into a message, an error or a request dump.

const STRIPE_KEY = /\b(sk|rk|pk)_(test|live)_[A-Za-z0-9]+/g;
const WEBHOOK_SECRET = /\bwhsec_[A-Za-z0-9+/=]+/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const CLIENT_SECRET = /\b((?:pi|seti)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+/g;

/** Luhn checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Where the run of digits starting at `start` ends; single spaces or dashes between digits belong to it. */
export function digitRunEnd(text: string, start: number): number {
  let end = start;
  while (isDigit(text[end]) || ((text[end] === ' ' || text[end] === '-') && isDigit(text[end - 1]) && isDigit(text[end + 1]))) end++;
  return end;
}

/** Masks the groups of one digit run (e.g. four groups of four digits, then two more) that form a Luhn-valid 13–19 digit number. */
function maskRun(run: string): string {
  const groups = run.split(/[ -]/);
  const masked = new Array<boolean>(groups.length).fill(false);
  for (let i = 0; i < groups.length; i++) {
    let digits = '';
    for (let j = i; j < groups.length && digits.length < 19; j++) {
      digits += groups[j];
      if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) masked.fill(true, i, j + 1);
    }
  }
  if (!masked.includes(true)) return run;
  const parts: string[] = [];
  groups.forEach((group, k) => {
    if (!masked[k]) parts.push(group);
    else if (!masked[k - 1]) parts.push('[REDACTED_PAN]');
  });
  return parts.join(' ');
}

/** Replaces every Luhn-valid 13–19 digit number (spaces or dashes between digit groups allowed) with a mask. */
export function redactCardNumbers(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text[i])) {
      out += text[i];
      i++;
      continue;
    }
    const end = digitRunEnd(text, i);
    out += maskRun(text.slice(i, end));
    i = end;
  }
  return out;
}

/** Redacts card numbers, API keys, webhook secrets, bearer tokens and intent client secrets. */
export function redactText(text: string): string {
  return redactCardNumbers(text)
    .replace(BEARER, '$1 [REDACTED]')
    .replace(STRIPE_KEY, '$1_$2_[REDACTED]')
    .replace(WEBHOOK_SECRET, 'whsec_[REDACTED]')
    .replace(CLIENT_SECRET, '$1_secret_[REDACTED]');
}
