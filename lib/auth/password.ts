import 'server-only';
import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes); the library defaults to argon2id.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// Verified against when the email is unknown, so both paths take the same time.
let dummyHash: Promise<string> | undefined;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Verifies a password against a stored hash (or a dummy one when there is none). */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  try {
    dummyHash ??= hashPassword(crypto.randomUUID());
    const ok = await verify(storedHash ?? (await dummyHash), password);
    return ok && !!storedHash;
  } catch {
    return false;
  }
}
