// Seconds-based time and calendar arithmetic for billing periods.
export type Interval = 'day' | 'week' | 'month' | 'year';

export const DAY = 86_400;
export const HOUR = 3_600;

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** `anchor` plus `n` intervals; month steps keep the anchor's day, clamped to short months (Jan 31 → Feb 28 → Mar 31). */
export function addIntervals(anchor: number, interval: Interval, count: number, n: number): number {
  const steps = count * n;
  if (interval === 'day') return anchor + steps * DAY;
  if (interval === 'week') return anchor + steps * 7 * DAY;
  const d = new Date(anchor * 1000);
  const months = interval === 'year' ? steps * 12 : steps;
  const total = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(year, month));
  return Math.floor(Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000);
}

/** The end of the billing period that contains `t`, counting whole intervals from `anchor`. */
export function periodEndAfter(anchor: number, interval: Interval, count: number, t: number): number {
  let n = 1;
  let end = addIntervals(anchor, interval, count, n);
  while (end <= t) end = addIntervals(anchor, interval, count, ++n);
  return end;
}

export function formatDate(t: number): string {
  return new Date(t * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
