import 'server-only';
import { and, asc, desc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { payments, users, type User } from '@/db/schema';
import { displayStatusSql } from '@/db/schema/payment-display-status';
import { assertAdmin } from '@/lib/auth/roles';
import type { DisplayStatus } from '@/lib/payments/status';
import { decodeCursor, encodeCursor } from './cursor';
import { paymentListQuery, type PaymentListInput, type PaymentListQuery, type PaymentSort, type Search } from './payment-filters';
import { endOf, startOf } from './query-params';

export type AdminPaymentRow = {
  id: string;
  createdAt: string;
  amount: number;
  amountRefunded: number;
  currency: string;
  status: DisplayStatus;
  customerEmail: string;
  cardBrand: string | null;
  cardLast4: string | null;
  paymentIntentId: string | null;
  description: string | null;
  disputed: boolean;
};

export type AdminPaymentPage = { items: AdminPaymentRow[]; nextCursor: string | null };

const displayStatus = displayStatusSql(payments);
// Above this many matching customers, an email search filters by subquery instead of an id list.
const EMAIL_ID_LIST_MAX = 500;

/** The columns of an `AdminPaymentRow`, for every admin list of payments (the status computed in SQL). */
export const adminPaymentColumns = {
  id: payments.id,
  createdAt: payments.createdAt,
  amount: payments.amount,
  amountRefunded: payments.amountRefunded,
  currency: payments.currency,
  status: displayStatus,
  customerEmail: users.email,
  cardBrand: payments.cardBrand,
  cardLast4: payments.cardLast4,
  paymentIntentId: payments.stripePaymentIntentId,
  description: payments.description,
  disputed: payments.disputed,
};

/** A selected row of `adminPaymentColumns` as the pages and the API show it. */
export function toAdminPaymentRow(r: Omit<AdminPaymentRow, 'status' | 'createdAt'> & { status: string; createdAt: Date }): AdminPaymentRow {
  return { ...r, status: r.status as DisplayStatus, createdAt: r.createdAt.toISOString() };
}

const columns = {
  ...adminPaymentColumns,
  // Full microsecond precision for the cursor: a JS Date would round it to milliseconds and skip rows.
  createdAtExact: sql<string>`${payments.createdAt}::text`,
};

async function searchCondition(search: Search): Promise<SQL | undefined> {
  switch (search.kind) {
    case 'payment_intent':
      return eq(payments.stripePaymentIntentId, search.value);
    case 'last4':
      return eq(payments.cardLast4, search.value);
    case 'payment_id':
      return eq(payments.id, search.value);
    case 'email': {
      // LIKE wildcards typed by the admin are matched literally; the pattern is a bound parameter.
      const pattern = `%${search.value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // A fresh builder each time: Drizzle's .limit() changes the builder it is called on.
      const matching = () =>
        db
          .select({ id: users.id })
          .from(users)
          .where(sql`lower(${users.email}) like ${pattern}`);
      // Few customers: their ids drive the per-customer index; many: the subquery filters the date-ordered scan.
      const ids = await matching().limit(EMAIL_ID_LIST_MAX + 1);
      if (ids.length === 0) return sql`false`;
      return ids.length <= EMAIL_ID_LIST_MAX
        ? inArray(
            payments.userId,
            ids.map((r) => r.id),
          )
        : inArray(payments.userId, matching());
    }
  }
}

const SORTS: Record<PaymentSort, { key: 'created' | 'amount'; dir: 'asc' | 'desc' }> = {
  created_desc: { key: 'created', dir: 'desc' },
  created_asc: { key: 'created', dir: 'asc' },
  amount_desc: { key: 'amount', dir: 'desc' },
  amount_asc: { key: 'amount', dir: 'asc' },
};

/** The row-value comparison after the cursor: `(key, id) < (v, id)` walks the (key, id) index. */
function afterCursor(sort: PaymentSort, cursor: string): SQL {
  const { key, dir } = SORTS[sort];
  const at = decodeCursor(cursor, sort);
  const op = dir === 'desc' ? sql`<` : sql`>`;
  const value = key === 'created' ? sql`${String(at.v)}::timestamptz` : sql`${Number(at.v)}::bigint`;
  const column = key === 'created' ? payments.createdAt : payments.amount;
  return sql`(${column}, ${payments.id}) ${op} (${value}, ${at.id}::uuid)`;
}

async function conditions(q: PaymentListQuery): Promise<(SQL | undefined)[]> {
  return [
    q.status ? sql`${displayStatus} = ${q.status}` : undefined,
    q.from ? gte(payments.createdAt, startOf(q.from)) : undefined,
    q.to ? lt(payments.createdAt, endOf(q.to)) : undefined,
    q.amountMin !== undefined ? gte(payments.amount, q.amountMin) : undefined,
    q.amountMax !== undefined ? lte(payments.amount, q.amountMax) : undefined,
    q.currency ? eq(payments.currency, q.currency) : undefined,
    q.q ? await searchCondition(q.q) : undefined,
    q.cursor ? afterCursor(q.sort, q.cursor) : undefined,
  ];
}

/**
 * One page of all payments for the admin table: filters by status, date range, amount range and
 * currency, search by customer email, PaymentIntent id or card last4, server-side sort, keyset
 * pagination (stable under inserts, constant cost at any depth). Every value is validated by
 * `paymentListQuery` (422 with a message per field) and bound as a parameter. Admins only.
 */
export async function listAdminPayments(actor: User | null, input: PaymentListInput): Promise<AdminPaymentPage> {
  assertAdmin(actor);
  const q = paymentListQuery.parse(input);
  const { key, dir } = SORTS[q.sort];
  const order = dir === 'desc' ? desc : asc;
  const rows = await db
    .select(columns)
    .from(payments)
    .innerJoin(users, eq(users.id, payments.userId))
    .where(and(...(await conditions(q))))
    .orderBy(order(key === 'created' ? payments.createdAt : payments.amount), order(payments.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ createdAtExact: _exact, ...r }) => toAdminPaymentRow(r)),
    nextCursor:
      rows.length > q.limit && last
        ? encodeCursor(q.sort, { v: key === 'created' ? last.createdAtExact : last.amount, id: last.id })
        : null,
  };
}
