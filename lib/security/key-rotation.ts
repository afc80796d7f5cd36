import 'server-only';
import type { Sql } from 'postgres';
import { FieldDecryptionError, type FieldCipher } from './crypto';
import { encryptionContext, type EncryptedColumn } from './encrypted-columns';

export type RotationProgress = { column: string; pending: number; rotated: number; changedMeanwhile: number };

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
/** Plain lower-case names only (a table may be schema-qualified), so nothing odd reaches the SQL. */
const safeIdentifier = (name: string, parts: number) => {
  const split = name.split('.');
  return split.length <= parts && split.every((p) => IDENTIFIER.test(p));
};

type Row = { id: string | number; value: string };

/**
 * Re-encrypts every value of one column that is not under the cipher's current key, in batches
 * ordered by the id column (keyset pagination: constant cost per batch, safe while the app writes).
 * Each update only applies if the value is still the one read, so a concurrent write is never
 * overwritten. A value that cannot be decrypted stops the run with its row id.
 */
export async function rotateColumn(
  sql: Sql,
  column: EncryptedColumn,
  cipher: FieldCipher,
  options: { batchSize?: number; onProgress?: (progress: RotationProgress) => void } = {},
): Promise<RotationProgress> {
  const idColumn = column.idColumn ?? 'id';
  if (!safeIdentifier(column.table, 2) || !safeIdentifier(column.column, 1) || !safeIdentifier(idColumn, 1))
    throw new Error(`unsafe identifier in encrypted column ${column.table}.${column.column}`);
  const name = `${column.table}.${column.column}`;
  const batchSize = options.batchSize ?? 500;
  // Key ids cannot contain LIKE wildcards, so this matches exactly the values under the current key.
  const current = `${cipher.currentKeyId}:%`;
  const table = sql(column.table);
  const id = sql(idColumn);
  const col = sql(column.column);

  const [count] = await sql<{ n: string }[]>`select count(*) as n from ${table} where ${col} is not null and ${col} not like ${current}`;
  const progress: RotationProgress = { column: name, pending: Number(count?.n ?? 0), rotated: 0, changedMeanwhile: 0 };
  options.onProgress?.({ ...progress });

  let last: Row['id'] | undefined;
  for (;;) {
    const after = last === undefined ? sql`` : sql`and ${id} > ${last}`;
    const rows = await sql<Row[]>`
      select ${id} as id, ${col} as value from ${table}
      where ${col} is not null and ${col} not like ${current} ${after}
      order by ${id} limit ${batchSize}`;
    if (rows.length === 0) break;
    const updates = rows.map((row) => {
      try {
        return { row, next: cipher.reencrypt(row.value, encryptionContext(column, row.id)) };
      } catch (error) {
        if (error instanceof FieldDecryptionError)
          throw new FieldDecryptionError(`${name} ${idColumn}=${String(row.id)}: ${error.message}`);
        throw error;
      }
    });
    const applied = await sql.begin((tx) =>
      Promise.all(
        updates.map(({ row, next }) => tx`update ${table} set ${col} = ${next} where ${id} = ${row.id} and ${col} = ${row.value}`),
      ),
    );
    const done = applied.filter((result) => result.count === 1).length;
    progress.rotated += done;
    progress.changedMeanwhile += rows.length - done;
    options.onProgress?.({ ...progress });
    last = rows[rows.length - 1]!.id;
  }
  return progress;
}

const describeProgress = (p: RotationProgress) =>
  `${p.column}: ${p.rotated}/${p.pending} re-encrypted${p.changedMeanwhile ? `, ${p.changedMeanwhile} changed meanwhile (left as written)` : ''}`;

/**
 * Rotates every column in `columns` (the registry, ENCRYPTED_COLUMNS, for `npm run keys:rotate`),
 * printing progress per batch. Returns false, after printing why, if any column could not be finished.
 */
export async function rotateRegisteredColumns(
  sql: Sql,
  columns: readonly EncryptedColumn[],
  cipher: FieldCipher,
  options: { batchSize: number; print: (line: string) => void },
): Promise<boolean> {
  if (columns.length === 0) {
    options.print('No encrypted columns are registered in lib/security/encrypted-columns.ts; nothing to rotate.');
    return true;
  }
  options.print(`Re-encrypting ${columns.length} column(s) under key "${cipher.currentKeyId}" in batches of ${options.batchSize}…`);
  for (const column of columns) {
    try {
      const result = await rotateColumn(sql, column, cipher, {
        batchSize: options.batchSize,
        onProgress: (p) => options.print(`  ${describeProgress(p)}`),
      });
      options.print(`✓ ${describeProgress(result)}`);
    } catch (error) {
      options.print(`✗ ${column.table}.${column.column}: rotation stopped: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
  return true;
}
