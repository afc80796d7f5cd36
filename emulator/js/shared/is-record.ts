/** A plain JSON-like object (not null, not an array): the shape every wire payload starts as. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
