// Display helpers for billing pages; dates are shown in UTC so every viewer sees Stripe's dates.
import { formatMoney } from '@/lib/money';

/** "March 1, 2026" for an ISO timestamp. */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-US', { dateStyle: 'long', timeZone: 'UTC' });
}

/** "month", "year", "3 months". */
export function intervalLabel(interval: string, count: number): string {
  return count === 1 ? interval : `${count} ${interval}s`;
}

/** "$29.00 / month". */
export function priceLabel(amount: number, currency: string, interval: string, count: number): string {
  return `${formatMoney(amount, currency)} / ${intervalLabel(interval, count)}`;
}

export const STATUS_LABELS: Record<string, string> = {
  incomplete: 'Awaiting payment',
  incomplete_expired: 'Expired',
  trialing: 'Trial',
  active: 'Active',
  past_due: 'Past due',
  unpaid: 'Unpaid',
  paused: 'Paused',
  canceled: 'Canceled',
};

export const INVOICE_STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  open: 'Open',
  paid: 'Paid',
  uncollectible: 'Uncollectible',
  void: 'Void',
};
