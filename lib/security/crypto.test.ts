import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { env } from '@/lib/env';
import { createFieldCipher, decrypt, encrypt, FieldDecryptionError, reencrypt } from './crypto';

const key = (id: string) => ({ id, key: randomBytes(32) });
const [k1, k2, k3] = [key('k1'), key('k2'), key('k3')];
const FORMAT = /^[A-Za-z0-9-]{1,16}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*$/;

/** Flips one bit of one base64url part of a stored value. */
function tamper(value: string, part: 1 | 2 | 3): string {
  const parts = value.split(':');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0]! ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join(':');
}

describe('field encryption', () => {
  const cipher = createFieldCipher([k1, k2]);

  it('round-trips text, including empty and non-ASCII values, as <keyId>:<iv>:<tag>:<ciphertext>', () => {
    for (const plaintext of ['Ada Lovelace', '', 'Zoë Ω 東京 🏦', 'x'.repeat(10_000)]) {
      const stored = cipher.encrypt(plaintext);
      expect(stored).toMatch(FORMAT);
      expect(stored.startsWith('k1:')).toBe(true);
      expect(cipher.decrypt(stored)).toBe(plaintext);
    }
  });

  it('uses a fresh IV every time, so equal plaintexts do not look equal', () => {
    const values = new Set(Array.from({ length: 50 }, () => cipher.encrypt('same')));
    expect(values.size).toBe(50);
    expect([...values].some((v) => v.includes(Buffer.from('same').toString('base64url')))).toBe(false);
  });

  it.each([
    [1, 'IV'],
    [2, 'tag'],
    [3, 'ciphertext'],
  ] as const)('fails loudly when part %s (%s) is altered', (part, _name) => {
    const stored = cipher.encrypt('4 Privet Drive');
    expect(() => cipher.decrypt(tamper(stored, part))).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt(tamper(stored, part))).toThrow(/failed authentication|malformed/);
  });

  it('refuses a swapped key id, an unknown key id and malformed values', () => {
    const stored = cipher.encrypt('secret');
    expect(() => cipher.decrypt(stored.replace(/^k1:/, 'k2:'))).toThrow(/failed authentication/);
    expect(() => cipher.decrypt(stored.replace(/^k1:/, 'gone:'))).toThrow(/unknown encryption key id "gone"/);
    for (const bad of ['', 'plain text', 'k1:a:b', `${stored}:extra`, stored.replace(/:[^:]+$/, ':not base64!'), 'k 1:AAAA:AAAA:AAAA'])
      expect(() => cipher.decrypt(bad)).toThrow(FieldDecryptionError);
  });

  it('refuses a truncated authentication tag (GCM tag-length downgrade)', () => {
    const [id, iv, tag, ct] = cipher.encrypt('secret').split(':');
    const short = Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => cipher.decrypt([id, iv, short, ct].join(':'))).toThrow(/bad IV or tag length/);
  });

  it('binds a value to its context: the wrong or a missing context fails', () => {
    const stored = cipher.encrypt('ann@example.com', 'payments.receipt_email:42');
    expect(cipher.decrypt(stored, 'payments.receipt_email:42')).toBe('ann@example.com');
    expect(() => cipher.decrypt(stored, 'payments.receipt_email:43')).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt(stored)).toThrow(FieldDecryptionError);
  });

  it('encrypts with the first key, decrypts with any, and reencrypt() moves a value to the first key', () => {
    const old = createFieldCipher([k2]).encrypt('rotate me', 'ctx');
    const rotated = createFieldCipher([k3, k2]);
    expect(rotated.currentKeyId).toBe('k3');
    expect(rotated.needsRotation(old)).toBe(true);
    const moved = rotated.reencrypt(old, 'ctx');
    expect(moved.startsWith('k3:')).toBe(true);
    expect(rotated.needsRotation(moved)).toBe(false);
    expect(createFieldCipher([k3]).decrypt(moved, 'ctx')).toBe('rotate me');
    // Once the old key is dropped, values still under it fail loudly rather than read as empty.
    expect(() => createFieldCipher([k3]).decrypt(old, 'ctx')).toThrow(/unknown encryption key id "k2"/);
  });

  it('refuses a bad key ring', () => {
    expect(() => createFieldCipher([])).toThrow(/at least one key/);
    expect(() => createFieldCipher([k1, { id: 'k1', key: randomBytes(32) }])).toThrow(/repeated/);
    expect(() => createFieldCipher([{ id: 'short', key: randomBytes(16) }])).toThrow(/32 bytes/);
    expect(() => createFieldCipher([{ id: 'bad:id', key: randomBytes(32) }])).toThrow(/key id/);
  });

  it('the module functions use APP_ENCRYPTION_KEYS', () => {
    const stored = encrypt('from env', 'ctx');
    expect(stored.startsWith(`${env().encryptionKeys[0]!.id}:`)).toBe(true);
    expect(decrypt(stored, 'ctx')).toBe('from env');
    expect(decrypt(reencrypt(stored, 'ctx'), 'ctx')).toBe('from env');
  });
});
