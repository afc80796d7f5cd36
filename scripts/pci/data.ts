// No card number anywhere in the database: every text, JSON and wide numeric column of every
// table is read (pre-filtered in SQL to values with a long digit run) and scanned with the same
// rules as the logs and the source.
import type postgres from 'postgres';
import { findCardNumbers, maskedPan } from '@/lib/security/card-numbers';
import type { Report } from '../pentest/report';
import type { Column } from './schema';

const CHECK = 'database';
const TEXT_TYPES = new Set(['text', 'character varying', 'character', 'json', 'jsonb']);
const NUMBER_TYPES = new Set(['bigint', 'numeric']);

export async function databaseCheck(report: Report, sql: postgres.Sql, columns: Column[]): Promise<void> {
  let scanned = 0;
  let values = 0;
  let found = 0;
  for (const c of columns) {
    const table = sql(`${c.schema}.${c.table}`);
    const column = sql(c.column);
    let rows: { v: string }[] = [];
    // Digits 2–6 first, then at least 12 more digits, spaces or dashes: anything shorter cannot be a PAN.
    if (TEXT_TYPES.has(c.type))
      rows = await sql<{ v: string }[]>`select ${column}::text as v from ${table} where ${column}::text ~ '[2-6][0-9 -]{11,}[0-9]'`;
    else if (NUMBER_TYPES.has(c.type))
      rows = await sql<{ v: string }[]>`select ${column}::text as v from ${table} where ${column} >= 1000000000000`;
    else continue;
    scanned++;
    values += rows.length;
    for (const row of rows) {
      for (const match of findCardNumbers(row.v))
        found += Number(
          !report.record(
            CHECK,
            `no card number in ${c.schema}.${c.table}.${c.column}`,
            false,
            `${match.brand} ${maskedPan(match.digits)} in “${match.context}”`,
          ),
        );
    }
  }
  report.record(
    CHECK,
    `no Luhn-valid card number in ${scanned} text/JSON/numeric columns`,
    scanned > 0 && found === 0,
    `${values} values with a long digit run inspected, ${found} card numbers`,
  );
}
