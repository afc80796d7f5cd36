import 'server-only';
import type { TransactionSql } from 'postgres';

// pg-boss speaks node-postgres conventions (undefined → null, objects → JSON); postgres-js on the
// Drizzle-shared client wants plain text for dates and JSON.
function toPgValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}

/** A pg-boss `db` that runs its statements inside our postgres-js transaction. */
export function pgBossExecutor(tx: TransactionSql) {
  return {
    executeSql: async (text: string, values: unknown[] = []) => ({ rows: await tx.unsafe(text, values.map(toPgValue) as never[]) }),
  };
}
