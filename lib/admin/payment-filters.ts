import 'server-only';
import { z } from 'zod';
import { MAX_AMOUNT } from '@/lib/payments/intents';
import { DISPLAY_STATUSES } from '@/lib/payments/status';
import { cursorParam, dateParam, limitParam, optional, startOf } from './query-params';

export const PAYMENT_SORTS = ['created_desc', 'created_asc', 'amount_desc', 'amount_asc'] as const;
export type PaymentSort = (typeof PAYMENT_SORTS)[number];

const amount = (label: string) =>
  optional(
    z.coerce
      .number(`The ${label} amount must be a number of minor units (cents).`)
      .int(`The ${label} amount must be a whole number of minor units (cents).`)
      .min(0, `The ${label} amount cannot be negative.`)
      .max(MAX_AMOUNT, `The ${label} amount is above the largest possible payment.`),
  );

const SEARCH_HELP = 'Search by customer email (3 or more characters), PaymentIntent id (pi_…) or the card’s last 4 digits.';

/** What a search string means; decided by its shape, never spliced into SQL. */
export type Search =
  | { kind: 'payment_intent'; value: string }
  | { kind: 'last4'; value: string }
  | { kind: 'payment_id'; value: string }
  | { kind: 'email'; value: string };

export function classifySearch(raw: string): Search | null {
  const q = raw.trim();
  if (/^pi_[A-Za-z0-9_]{1,250}$/.test(q)) return { kind: 'payment_intent', value: q };
  if (/^\d{4}$/.test(q)) return { kind: 'last4', value: q };
  if (z.uuid().safeParse(q).success) return { kind: 'payment_id', value: q.toLowerCase() };
  if (/^\d+$/.test(q) || q.length < 3 || q.length > 254 || /\s/.test(q)) return null;
  return { kind: 'email', value: q.toLowerCase() };
}

/** The admin payments list query: every filter validated, each with a message the form can show. */
export const paymentListQuery = z
  .strictObject({
    status: optional(z.enum(DISPLAY_STATUSES, 'Choose one of the listed statuses.')),
    from: dateParam('start date'),
    to: dateParam('end date'),
    amountMin: amount('minimum'),
    amountMax: amount('maximum'),
    currency: optional(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z]{3}$/, 'Use a three-letter currency code, e.g. usd.')
        .transform((v) => v.toLowerCase()),
    ),
    q: optional(
      z
        .string()
        .trim()
        .max(254, SEARCH_HELP)
        .transform((v, ctx) => {
          const search = classifySearch(v);
          if (!search) {
            ctx.addIssue({ code: 'custom', message: SEARCH_HELP });
            return z.NEVER;
          }
          return search;
        }),
    ),
    sort: optional(z.enum(PAYMENT_SORTS, 'Choose a valid sort order.')).default('created_desc'),
    cursor: cursorParam,
    limit: limitParam(25),
  })
  .refine((v) => !v.from || !v.to || startOf(v.from) <= startOf(v.to), {
    path: ['to'],
    message: 'The end date must be on or after the start date.',
  })
  .refine((v) => v.amountMin === undefined || v.amountMax === undefined || v.amountMin <= v.amountMax, {
    path: ['amountMax'],
    message: 'The maximum amount must be at least the minimum.',
  });

export type PaymentListQuery = z.output<typeof paymentListQuery>;
export type PaymentListInput = z.input<typeof paymentListQuery>;
