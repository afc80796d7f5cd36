// Constant-time comparison for client secrets, so response timing reveals nothing about them.
import { timingSafeEqual } from 'node:crypto';

export function secretsMatch(given: string, actual: string | null): boolean {
  if (actual === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}
