import 'server-only';

/**
 * A text column whose values come from lib/security/crypto.ts. `context` says what the app passes
 * as encryption context for it: nothing, the column's name, or the column's name and row id (the
 * strongest: a value copied to another row or column no longer decrypts). Rotation passes the same.
 */
export type EncryptedColumn = {
  /** Table name, optionally schema-qualified ("public.payments"). */
  table: string;
  column: string;
  /** A unique, orderable column for keyset pagination; default "id". */
  idColumn?: string;
  context: 'none' | 'column' | 'row';
};

/**
 * Every encrypted column in the database. `npm run keys:rotate` walks exactly this list, so a
 * column missing here would keep values under a retired key.
 */
export const REFUND_NOTE: EncryptedColumn = { table: 'refund_requests', column: 'note', context: 'row' };

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [REFUND_NOTE];

/** The encryption context for a value of `column` in row `rowId`; pass it to encrypt() and decrypt(). */
export function encryptionContext(column: EncryptedColumn, rowId: string | number | bigint): string | undefined {
  if (column.context === 'none') return undefined;
  const name = `${column.table}.${column.column}`;
  return column.context === 'row' ? `${name}:${String(rowId)}` : name;
}
