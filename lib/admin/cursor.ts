import 'server-only';
import { z } from 'zod';
import { AppError } from '@/lib/errors';

/** A keyset position: the sort key's value and the row id of the last row of a page. */
export type Keyset<V extends string | number> = { v: V; id: string };

/** Opaque to clients: base64url JSON of the last row's sort key, its id, and which sort it belongs to. */
export function encodeCursor(sort: string, key: Keyset<string | number>): string {
  return Buffer.from(JSON.stringify({ s: sort, v: key.v, id: key.id })).toString('base64url');
}

const cursorSchema = z.object({
  s: z.string().max(40),
  v: z.union([z.string().max(64), z.number().int()]),
  id: z.string().min(1).max(255),
});

/** Decodes a cursor made for `sort`; anything else is a 422 with a message, never a query. */
export function decodeCursor(cursor: string, sort: string): Keyset<string | number> {
  let parsed: z.infer<typeof cursorSchema>;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidCursor('This page link is invalid; go back to the first page.');
  }
  if (parsed.s !== sort) throw invalidCursor('This page link belongs to another sort order; go back to the first page.');
  return { v: parsed.v, id: parsed.id };
}

function invalidCursor(message: string): AppError {
  return new AppError('validation_failed', message, { fields: { cursor: [message] } });
}
