// Schema scan: no table or column may be able to hold a card number (PAN), CVC or track data.
// Names are split into words; a word naming card data makes the column suspect unless it is one
// of the display fields we are allowed to keep, with a type too small to hold a PAN.
import type postgres from 'postgres';
import type { Report } from '../pentest/report';

const CHECK = 'schema';
const CARD_WORDS =
  /^(pan|pans|cvc|cvc2|cvv|cvv2|cvn|csc|cid|track|track1|track2|trackdata|magstripe|pin|pinblock|number|cardnumber|cardnum|ccnum|cc|expiry|expiration|exp)$/;

/** Display data PCI DSS lets us store, and the types it must have; the reason is printed with the check. */
const ALLOWED: Record<string, { types: string[]; why: string }> = {
  card_last4: { types: ['text', 'character varying', 'character'], why: 'last four digits only (PCI DSS 3.4.1 allows the last four)' },
  last4: { types: ['text', 'character varying', 'character'], why: 'last four digits only' },
  card_brand: { types: ['text', 'character varying'], why: 'brand name, not card data' },
  brand: { types: ['text', 'character varying'], why: 'brand name, not card data' },
  card_exp_month: { types: ['smallint', 'integer'], why: 'expiry month; an integer column cannot hold a PAN' },
  card_exp_year: { types: ['smallint', 'integer'], why: 'expiry year; an integer column cannot hold a PAN' },
  exp_month: { types: ['smallint', 'integer'], why: 'expiry month; an integer column cannot hold a PAN' },
  exp_year: { types: ['smallint', 'integer'], why: 'expiry year; an integer column cannot hold a PAN' },
};

/** Names that contain a card word but mean something else, each with its reason. */
const NOT_CARD_DATA: Record<string, string> = {
  'invoices.number': 'Stripe’s invoice number (e.g. "A1B2C3-0001"), not a card number',
};

// Types that can never hold 13+ digits.
const TOO_SMALL = new Set([
  'boolean',
  'smallint',
  'integer',
  'date',
  'timestamp with time zone',
  'timestamp without time zone',
  'uuid',
  'real',
  'USER-DEFINED',
]);

const words = (name: string) =>
  name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
const suspect = (name: string) => words(name).some((w) => CARD_WORDS.test(w) || w.startsWith('card'));

export type Column = { schema: string; table: string; column: string; type: string; maxLength: number | null };

export async function columnsOf(sql: postgres.Sql): Promise<Column[]> {
  return sql<Column[]>`
    select c.table_schema as schema, c.table_name as "table", c.column_name as column, c.data_type as type, c.character_maximum_length as "maxLength"
    from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema not in ('pg_catalog', 'information_schema') and t.table_type = 'BASE TABLE'
    order by 1, 2, c.ordinal_position`;
}

export function schemaCheck(report: Report, columns: Column[]): void {
  const tables = [...new Set(columns.map((c) => `${c.schema}.${c.table}`))];
  report.record(CHECK, `migrated schema found (${tables.length} tables, ${columns.length} columns)`, tables.length > 0);
  for (const table of tables) {
    const name = table.split('.')[1]!;
    if (words(name).some((w) => w.startsWith('card') || CARD_WORDS.test(w)))
      report.record(CHECK, `table ${table} is not named for card data`, false, 'rename it, or prove it holds no card data');
  }
  for (const c of columns) {
    if (!suspect(c.column)) continue;
    const qualified = `${c.table}.${c.column}`;
    const allowed = ALLOWED[c.column];
    const reason = NOT_CARD_DATA[qualified];
    if (reason) report.record(CHECK, `${c.schema}.${qualified} (${c.type}) is not card data`, true, reason);
    else if (allowed)
      report.record(
        CHECK,
        `${c.schema}.${qualified} (${c.type}) is allowed display data`,
        allowed.types.includes(c.type),
        allowed.types.includes(c.type) ? allowed.why : `type ${c.type} could hold more than ${allowed.why}`,
      );
    else
      report.record(
        CHECK,
        `${c.schema}.${qualified} (${c.type}) cannot hold a PAN, CVC or track data`,
        TOO_SMALL.has(c.type) || (c.maxLength !== null && c.maxLength < 13),
        'a column named for card data that could hold it',
      );
  }
}
