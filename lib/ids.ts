import 'server-only';

/** The id of an expandable Stripe field, expanded or not (also for untyped event payloads); null when absent. */
export function idOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  return v && typeof v === 'object' && 'id' in v && typeof v.id === 'string' ? v.id : null;
}

/** Whether `v` is one of our row ids (a UUID), e.g. read back from Stripe metadata. */
export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}
