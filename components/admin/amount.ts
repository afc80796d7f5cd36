import { currencyDigits } from '@/lib/money';

/** Major-unit text ("12.50") → minor units (1250) in `currency`; null when malformed or too precise. */
export function parseMajorAmount(value: string, currency: string): number | null {
  const parts = value.trim().split('.');
  const [whole = '', frac = ''] = parts;
  const digits = currencyDigits(currency);
  if (parts.length > 2 || !/^\d{1,12}$/.test(whole) || (parts.length === 2 && !/^\d{1,4}$/.test(frac)) || frac.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
}

/** Minor units → major-unit text for an input ("12.50"). */
export function formatMajorAmount(amount: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
}
