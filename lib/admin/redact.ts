import 'server-only';

// Stripe payload fields that identify a person; the admin webhook view shows them masked.
const PERSONAL_KEYS = new Set([
  'email',
  'name',
  'phone',
  'address',
  'shipping',
  'billing_details',
  'receipt_email',
  'customer_email',
  'customer_name',
  'customer_phone',
  'customer_address',
  'customer_shipping',
  'customer_tax_ids',
  'tax_ids',
  'ip_address',
  'description',
  'statement_descriptor',
  'statement_descriptor_suffix',
]);

export const REDACTED = '[redacted]';

/** A deep copy of a payload with every personal field masked (null stays null, so "was it set?" still shows). */
export function redactPersonal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactPersonal);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, PERSONAL_KEYS.has(k) && v !== null ? REDACTED : redactPersonal(v)]),
    );
  }
  return value;
}
