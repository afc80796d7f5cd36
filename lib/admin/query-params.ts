import 'server-only';
import { z } from 'zod';

// Query-string helpers shared by the admin list filters: empty inputs mean "not set".
const blank = (v: unknown) => (v === '' || v === null ? undefined : v);

/** An optional query-string value; an empty string counts as absent. */
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

/** A day (YYYY-MM-DD, UTC) or a full ISO timestamp. */
export const dateParam = (label: string) =>
  optional(
    z
      .string(`Enter the ${label} as YYYY-MM-DD.`)
      .trim()
      .refine(
        (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || z.iso.datetime({ offset: true }).safeParse(v).success,
        `Enter the ${label} as YYYY-MM-DD.`,
      )
      .refine((v) => !Number.isNaN(Date.parse(v)), `The ${label} is not a real date.`),
  );

/** Start of a day-or-timestamp value. */
export const startOf = (v: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00.000Z` : v);

/** Exclusive end of a day-or-timestamp value: a bare day includes the whole day. */
export const endOf = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(Date.parse(`${v}T00:00:00.000Z`) + 86_400_000) : new Date(Date.parse(v) + 1);

/** The opaque keyset cursor of a "Next page" link. */
export const cursorParam = optional(z.string().max(400, 'This page link is invalid; go back to the first page.'));

/** A page size between 1 and `max`. */
export const limitParam = (fallback: number, max = 100) =>
  optional(
    z.coerce
      .number('The page size must be a number.')
      .int('The page size must be a whole number.')
      .min(1)
      .max(max, `Ask for at most ${max} rows per page.`),
  ).default(fallback);
