// Admin display helpers: UTC everywhere, so server and client render the same text.

/** "Nov 26, 2026, 12:30 PM UTC". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
}

/** "Nov 26, 12:30:05" for timelines where seconds matter. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString('en-US', {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone: 'UTC',
  });
}

/** "3 min", "2 h 5 min" for ages and lags. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds == null) return '—';
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  const h = Math.floor(seconds / 3600);
  return `${h} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** "visa •••• 4242", or "—" when no card is known. */
export function cardLabel(brand: string | null, last4: string | null): string {
  return last4 ? `${brand ?? 'card'} •••• ${last4}` : '—';
}

/** A snake_case status or dotted action as words: "partially_refunded" → "partially refunded", "refund.requested" → "refund requested". */
export const words = (v: string) => v.replace(/[._]/g, ' ');
