// Stripe-looking identifiers: a prefix and random base62, e.g. `pi_3Qx…`.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// Random bytes are drawn in blocks because one syscall per id would dominate the hot path.
let pool = randomBytes(4096);
let offset = 0;

export function randomString(length: number): string {
  let out = '';
  while (out.length < length) {
    if (offset >= pool.length) {
      pool = randomBytes(4096);
      offset = 0;
    }
    const byte = pool[offset++] as number;
    // 248 = 4 * 62: rejecting the tail keeps every character equally likely.
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

export function newId(prefix: string, length = 24): string {
  return `${prefix}_${randomString(length)}`;
}

export function clientSecret(id: string): string {
  return `${id}_secret_${randomString(25)}`;
}

export function requestId(): string {
  return `req_${randomString(14)}`;
}
