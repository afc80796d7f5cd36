import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { env } from '@/lib/env';

/** One AES-256 key and the id stored in front of every value it encrypts. */
export type EncryptionKey = { id: string; key: Buffer };

/** A stored value that cannot be decrypted: malformed, under an unknown key, or altered. Never caught to carry on. */
export class FieldDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldDecryptionError';
  }
}

export type FieldCipher = {
  /** The id of the key new values are encrypted under (the first configured key). */
  readonly currentKeyId: string;
  /** `<keyId>:<iv>:<tag>:<ciphertext>`, each part base64url. `context` (e.g. "payments.billing_name") binds the value to where it is stored. */
  encrypt(plaintext: string, context?: string): string;
  /** The plaintext; throws FieldDecryptionError for a malformed, unknown-key, tampered or wrong-context value. */
  decrypt(value: string, context?: string): string;
  /** The same plaintext encrypted under the current key (for key rotation). */
  reencrypt(value: string, context?: string): string;
  /** True when the value is under an older key than the current one. */
  needsRotation(value: string): boolean;
};

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9-]{1,16}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;

function parts(value: string): { keyId: string; iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const [keyId, iv, tag, ciphertext, ...rest] = value.split(':');
  if (keyId === undefined || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0 || !KEY_ID.test(keyId))
    throw new FieldDecryptionError('malformed encrypted value: expected <keyId>:<iv>:<tag>:<ciphertext>');
  if (![iv, tag, ciphertext].every((p) => B64URL.test(p)))
    throw new FieldDecryptionError('malformed encrypted value: parts must be base64url');
  const decoded = {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
  };
  // A short tag would weaken GCM's integrity check, so only full-length tags are accepted.
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES)
    throw new FieldDecryptionError('malformed encrypted value: bad IV or tag length');
  return decoded;
}

/** A cipher over a key ring: the first key encrypts, every key decrypts. */
export function createFieldCipher(keys: readonly EncryptionKey[]): FieldCipher {
  const current = keys[0];
  if (!current) throw new Error('field encryption needs at least one key (APP_ENCRYPTION_KEYS)');
  const ring = new Map<string, Buffer>();
  for (const { id, key } of keys) {
    if (!KEY_ID.test(id)) throw new Error(`encryption key id "${id}" must be 1–16 letters, digits or dashes`);
    if (key.length !== 32) throw new Error(`encryption key "${id}" must be 32 bytes`);
    if (ring.has(id)) throw new Error(`encryption key id "${id}" is repeated`);
    ring.set(id, key);
  }

  const encrypt = (plaintext: string, context?: string) => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, current.key, iv, { authTagLength: TAG_BYTES });
    if (context !== undefined) cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
  };

  const decrypt = (value: string, context?: string) => {
    const { keyId, iv, tag, ciphertext } = parts(value);
    const key = ring.get(keyId);
    if (!key)
      throw new FieldDecryptionError(`unknown encryption key id "${keyId}": add it back to APP_ENCRYPTION_KEYS until rotation finishes`);
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    if (context !== undefined) decipher.setAAD(Buffer.from(context, 'utf8'));
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldDecryptionError(
        `encrypted value under key "${keyId}" failed authentication: it was altered, or read with the wrong context`,
      );
    }
  };

  return {
    currentKeyId: current.id,
    encrypt,
    decrypt,
    reencrypt: (value, context) => encrypt(decrypt(value, context), context),
    needsRotation: (value) => parts(value).keyId !== current.id,
  };
}

let cached: { keys: readonly EncryptionKey[]; cipher: FieldCipher } | undefined;

/** The cipher over APP_ENCRYPTION_KEYS. */
export function fieldCipher(): FieldCipher {
  const keys = env().encryptionKeys;
  if (cached?.keys !== keys) cached = { keys, cipher: createFieldCipher(keys) };
  return cached.cipher;
}

/** Encrypts one field value under the current key; see FieldCipher.encrypt. */
export function encrypt(plaintext: string, context?: string): string {
  return fieldCipher().encrypt(plaintext, context);
}

/** Decrypts one field value; throws FieldDecryptionError when it cannot be trusted. */
export function decrypt(value: string, context?: string): string {
  return fieldCipher().decrypt(value, context);
}

/** Re-encrypts one field value under the current key (rotation). */
export function reencrypt(value: string, context?: string): string {
  return fieldCipher().reencrypt(value, context);
}
