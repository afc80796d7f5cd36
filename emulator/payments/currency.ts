// Currency rules Stripe enforces on amounts: supported codes, minimum charge, 8-digit maximum.
import { validationError } from '../wire/errors';

const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

// Stripe's published minimum charge amounts, in minor units.
const MINIMUMS: Record<string, number> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};
const OTHER = ['krw', 'clp', 'vnd', 'idr', 'php', 'zar', 'ils', 'try', 'twd', 'cny', 'ars', 'cop', 'pen', 'isk'];

export const MAX_AMOUNT = 99_999_999;

export function isSupportedCurrency(c: string): boolean {
  return c in MINIMUMS || OTHER.includes(c) || ZERO_DECIMAL.has(c);
}

export function formatAmount(amount: number, currency: string): string {
  const c = currency.toLowerCase();
  const value = ZERO_DECIMAL.has(c) ? String(amount) : (amount / 100).toFixed(2);
  return c === 'usd' ? `$${Number(value).toLocaleString('en-US', { minimumFractionDigits: 2 })}` : `${value} ${c.toUpperCase()}`;
}

export function checkCurrency(currency: string, param = 'currency'): string {
  const c = currency.toLowerCase();
  if (!isSupportedCurrency(c))
    throw validationError(
      `Invalid currency: ${currency}. Stripe currently supports these currencies: ${Object.keys(MINIMUMS).join(', ')}, ${OTHER.join(', ')}`,
      param,
    );
  return c;
}

/** Stripe's bounds for a charge amount (400 amount_too_small / amount_too_large). */
export function checkChargeAmount(amount: number, currency: string, param = 'amount'): void {
  const min = MINIMUMS[currency] ?? (ZERO_DECIMAL.has(currency) ? 1 : 50);
  if (amount < min) throw validationError(`Amount must be at least ${formatAmount(min, currency)} ${currency}`, param, 'amount_too_small');
  if (amount > MAX_AMOUNT)
    throw validationError(`Amount must be no more than ${formatAmount(MAX_AMOUNT, currency)}`, param, 'amount_too_large');
}
