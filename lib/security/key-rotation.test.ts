import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { sqlClient } from '@/db';
import { createFieldCipher } from './crypto';
import { encryptionContext, type EncryptedColumn } from './encrypted-columns';
import { rotateColumn, rotateRegisteredColumns, type RotationProgress } from './key-rotation';

const oldKey = { id: 'old', key: randomBytes(32) };
const newKey = { id: 'new', key: randomBytes(32) };
const before = createFieldCipher([oldKey]);
const after = createFieldCipher([newKey, oldKey]);

// Scratch tables in this test file's own database: one keyed by text, one by bigserial.
const notes: EncryptedColumn = { table: 'scratch_notes', column: 'note', context: 'row' };
const emails: EncryptedColumn = { table: 'scratch_emails', column: 'email', idColumn: 'seq', context: 'column' };

beforeEach(async () => {
  const sql = sqlClient();
  await sql`drop table if exists scratch_notes, scratch_emails`;
  await sql`create table scratch_notes (id text primary key, note text)`;
  await sql`create table scratch_emails (seq bigserial primary key, email text, other text)`;
});

async function seedNotes(count: number): Promise<Map<string, string>> {
  const sql = sqlClient();
  const plain = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const id = `n-${String(i).padStart(3, '0')}`;
    plain.set(id, `refund note ${i} — 返金`);
    await sql`insert into scratch_notes (id, note) values (${id}, ${before.encrypt(plain.get(id)!, encryptionContext(notes, id))})`;
  }
  return plain;
}

describe('key rotation over a registered column', () => {
  it('re-encrypts every row under the new key in batches, keeping plaintexts and contexts', async () => {
    const plain = await seedNotes(23);
    const sql = sqlClient();
    await sql`insert into scratch_notes (id, note) values ('n-null', null)`;
    const progress: RotationProgress[] = [];
    const result = await rotateColumn(sql, notes, after, { batchSize: 5, onProgress: (p) => progress.push(p) });

    expect(result).toEqual({ column: 'scratch_notes.note', pending: 23, rotated: 23, changedMeanwhile: 0 });
    expect(progress.map((p) => p.rotated)).toEqual([0, 5, 10, 15, 20, 23]);
    const rows = await sql<{ id: string; note: string | null }[]>`select id, note from scratch_notes order by id`;
    for (const row of rows) {
      if (row.id === 'n-null') {
        expect(row.note).toBeNull();
        continue;
      }
      expect(row.note!.startsWith('new:')).toBe(true);
      expect(createFieldCipher([newKey]).decrypt(row.note!, encryptionContext(notes, row.id))).toBe(plain.get(row.id));
    }
  });

  it('is idempotent: a second run finds nothing left to do', async () => {
    await seedNotes(4);
    await rotateColumn(sqlClient(), notes, after);
    expect(await rotateColumn(sqlClient(), notes, after)).toEqual({
      column: 'scratch_notes.note',
      pending: 0,
      rotated: 0,
      changedMeanwhile: 0,
    });
  });

  it('pages by a bigint id and leaves values already under the new key untouched', async () => {
    const sql = sqlClient();
    const ctx = encryptionContext(emails, 0);
    for (let i = 0; i < 12; i++)
      await sql`insert into scratch_emails (email, other) values (${before.encrypt(`p${i}@example.com`, ctx)}, 'keep')`;
    const current = after.encrypt('already@example.com', ctx);
    await sql`insert into scratch_emails (email) values (${current})`;
    const result = await rotateColumn(sql, emails, after, { batchSize: 5 });
    expect(result).toMatchObject({ pending: 12, rotated: 12 });
    const rows = await sql<
      { seq: string; email: string; other: string | null }[]
    >`select seq, email, other from scratch_emails order by seq`;
    expect(rows.map((r) => after.decrypt(r.email, ctx))).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `p${i}@example.com`),
      'already@example.com',
    ]);
    expect(rows.at(-1)!.email).toBe(current);
    expect(rows.slice(0, 12).every((r) => r.other === 'keep')).toBe(true);
  });

  it('stops loudly at a tampered value, naming the row, and reports failure through the registry runner', async () => {
    await seedNotes(3);
    const sql = sqlClient();
    await sql`update scratch_notes set note = ${before.encrypt('moved here', encryptionContext(notes, 'n-000'))} where id = 'n-001'`;
    await expect(rotateColumn(sql, notes, after)).rejects.toThrow(/scratch_notes\.note id=n-001: .*failed authentication/);

    const lines: string[] = [];
    expect(await rotateRegisteredColumns(sql, [notes], after, { batchSize: 10, print: (l) => lines.push(l) })).toBe(false);
    expect(lines.at(-1)).toMatch(/^✗ scratch_notes\.note: rotation stopped: .*id=n-001/);
  });

  it('runs a whole registry with progress lines, and says so when nothing is registered', async () => {
    await seedNotes(3);
    await sqlClient()`insert into scratch_emails (email) values (${before.encrypt('x@example.com', encryptionContext(emails, 0))})`;
    const lines: string[] = [];
    expect(await rotateRegisteredColumns(sqlClient(), [notes, emails], after, { batchSize: 2, print: (l) => lines.push(l) })).toBe(true);
    expect(lines).toEqual([
      'Re-encrypting 2 column(s) under key "new" in batches of 2…',
      '  scratch_notes.note: 0/3 re-encrypted',
      '  scratch_notes.note: 2/3 re-encrypted',
      '  scratch_notes.note: 3/3 re-encrypted',
      '✓ scratch_notes.note: 3/3 re-encrypted',
      '  scratch_emails.email: 0/1 re-encrypted',
      '  scratch_emails.email: 1/1 re-encrypted',
      '✓ scratch_emails.email: 1/1 re-encrypted',
    ]);
    const empty: string[] = [];
    expect(await rotateRegisteredColumns(sqlClient(), [], after, { batchSize: 2, print: (l) => empty.push(l) })).toBe(true);
    expect(empty).toEqual(['No encrypted columns are registered in lib/security/encrypted-columns.ts; nothing to rotate.']);
  });

  it('refuses unsafe identifiers in the registry', async () => {
    await expect(rotateColumn(sqlClient(), { table: 'users; drop table users', column: 'x', context: 'none' }, after)).rejects.toThrow(
      /unsafe identifier/,
    );
    await expect(rotateColumn(sqlClient(), { table: 'users', column: 'Email"', context: 'none' }, after)).rejects.toThrow(
      /unsafe identifier/,
    );
  });
});
