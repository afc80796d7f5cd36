// Money is integer minor units everywhere; only display turns it into a decimal string.
// Pure (no server-only): the service layer's messages and the browser's components format money alike.

/** Decimal places of a currency as Intl knows them (0 for JPY, 2 for USD…). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Formats an amount in minor units, e.g. (1000, 'usd') → "$10.00", (1500, 'jpy') → "¥1,500". */
export function formatMoney(amount: number, currency: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(amount / 10 ** digits);
}
