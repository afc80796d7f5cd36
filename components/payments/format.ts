/** "Nov 26, 2026, 12:30 PM" in the local time zone of whoever renders it, for the customer's payment pages. */
export function formatLocalDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}
