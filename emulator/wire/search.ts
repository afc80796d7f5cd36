// Stripe's search query language, the common subset: `field:'value'`, `field~'substring'`,
// `metadata['key']:'value'`, `-` negation, `>`/`<`/`>=`/`<=` on numbers, `null` values, and
// clauses joined by all-AND or all-OR.
import { validationError } from './errors';

type Op = ':' | '~' | '>' | '<' | '>=' | '<=';
interface Clause {
  negate: boolean;
  field: string;
  metadataKey: string | null;
  op: Op;
  value: string | number | null;
}

export interface SearchQuery {
  mode: 'AND' | 'OR';
  clauses: Clause[];
}

function bad(query: string, why: string): Error {
  return validationError(`Invalid search query "${query}": ${why}`, 'query');
}

function parseClause(text: string, query: string): Clause {
  let rest = text.trim();
  const negate = rest.startsWith('-');
  if (negate) rest = rest.slice(1);
  let field: string;
  let metadataKey: string | null = null;
  const meta = /^metadata\['([^']*)'\]/.exec(rest) ?? /^metadata\["([^"]*)"\]/.exec(rest);
  if (meta) {
    field = 'metadata';
    metadataKey = meta[1] ?? '';
    rest = rest.slice(meta[0].length);
  } else {
    const name = /^[a-z_.]+/.exec(rest);
    if (!name) throw bad(query, `cannot read a field name in "${text}"`);
    field = name[0];
    rest = rest.slice(field.length);
  }
  const opMatch = /^(>=|<=|:|~|>|<)/.exec(rest);
  if (!opMatch) throw bad(query, `expected an operator after ${field}`);
  const op = opMatch[1] as Op;
  rest = rest.slice(op.length).trim();
  let value: string | number | null;
  if (rest === 'null') value = null;
  else if (/^'.*'$/.test(rest) || /^".*"$/.test(rest)) value = rest.slice(1, -1);
  else if (rest !== '' && Number.isFinite(Number(rest))) value = Number(rest);
  else throw bad(query, `cannot read the value in "${text}"`);
  return { negate, field, metadataKey, op, value };
}

export function parseSearch(query: string): SearchQuery {
  if (query.trim() === '') throw bad(query, 'the query is empty');
  const hasAnd = / AND /.test(query);
  const hasOr = / OR /.test(query);
  if (hasAnd && hasOr) throw bad(query, 'AND and OR cannot be combined in one query');
  const mode = hasOr ? 'OR' : 'AND';
  return { mode, clauses: query.split(mode === 'OR' ? / OR / : / AND /).map((c) => parseClause(c, query)) };
}

function fieldValue(obj: Record<string, unknown>, c: Clause): unknown {
  if (c.metadataKey !== null) return (obj.metadata as Record<string, unknown> | null)?.[c.metadataKey] ?? null;
  let v: unknown = obj;
  for (const part of c.field.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  if (v && typeof v === 'object' && 'id' in v) return (v as { id: unknown }).id;
  return v ?? null;
}

function clauseMatches(obj: Record<string, unknown>, c: Clause): boolean {
  const v = fieldValue(obj, c);
  let hit: boolean;
  if (c.value === null) hit = v === null;
  else if (c.op === ':') hit = String(v).toLowerCase() === String(c.value).toLowerCase();
  else if (c.op === '~') hit = typeof v === 'string' && v.toLowerCase().includes(String(c.value).toLowerCase());
  else {
    const n = Number(v);
    const m = Number(c.value);
    hit = c.op === '>' ? n > m : c.op === '<' ? n < m : c.op === '>=' ? n >= m : n <= m;
  }
  return c.negate ? !hit : hit;
}

export function matchesSearch(obj: object, q: SearchQuery): boolean {
  const record = obj as Record<string, unknown>;
  return q.mode === 'AND' ? q.clauses.every((c) => clauseMatches(record, c)) : q.clauses.some((c) => clauseMatches(record, c));
}
