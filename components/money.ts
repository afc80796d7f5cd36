// Money is integer minor units everywhere; only display turns it into a decimal string.

/** Decimal places of a currency as the browser's Intl knows them (0 for JPY, 2 for USD…). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Formats an amount in minor units, e.g. (1000, 'usd') → "$10.00", (1500, 'jpy') → "¥1,500". */
export function formatMoney(amount: number, currency: string, locale = 'en-US'): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(amount / 10 ** digits);
}
