import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { invoices, payments, subscriptions, users, type User } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/roles';
import { toInvoiceView, toSubscriptionView, type InvoiceView, type SubscriptionView } from '@/lib/billing/views';
import { AppError } from '@/lib/errors';
import { displayStatus, type DisplayStatus } from '@/lib/payments/status';
import { decodeCursor, encodeCursor } from './cursor';
import { cursorParam, limitParam, optional } from './query-params';

export const customerListQuery = z.strictObject({
  q: optional(z.string().trim().min(3, 'Type at least 3 characters of the email.').max(254, 'That is longer than any email.')),
  cursor: cursorParam,
  limit: limitParam(25),
});
export type CustomerListInput = z.input<typeof customerListQuery>;

export type CustomerRow = {
  id: string;
  email: string;
  name: string | null;
  role: User['role'];
  stripeCustomerId: string | null;
  subscriptionStatus: string | null;
  createdAt: string;
  payments: number;
  /** Succeeded volume per currency, minor units. */
  paid: { currency: string; amount: number }[];
};

/** Customers (every account), newest first, searchable by part of the email; keyset-paginated. Admins only. */
export async function listCustomers(
  actor: User | null,
  input: CustomerListInput,
): Promise<{ items: CustomerRow[]; nextCursor: string | null }> {
  assertAdmin(actor);
  const q = customerListQuery.parse(input);
  const at = q.cursor ? decodeCursor(q.cursor, 'created_desc') : null;
  const pattern = q.q ? `%${q.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      stripeCustomerId: users.stripeCustomerId,
      subscriptionStatus: users.subscriptionStatus,
      createdAt: users.createdAt,
      createdExact: sql<string>`${users.createdAt}::text`,
      // Per listed customer only, over their own payments index; written out because Drizzle leaves single-table columns unqualified.
      stats: sql<{ n: number; paid: { currency: string; amount: number }[] | null }>`(
        select json_build_object('n', count(*), 'paid', (
          select json_agg(json_build_object('currency', t.currency, 'amount', t.total)) from (
            select p2.currency, sum(p2.amount) as total from payments p2 where p2.user_id = users.id and p2.status = 'succeeded' group by p2.currency) t))
        from payments p where p.user_id = users.id)`,
    })
    .from(users)
    .where(
      and(
        pattern ? sql`lower(${users.email}) like ${pattern}` : undefined,
        at ? sql`(${users.createdAt}, ${users.id}) < (${String(at.v)}::timestamptz, ${at.id})` : undefined,
      ),
    )
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ createdExact: _exact, stats, ...r }) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      payments: Number(stats?.n ?? 0),
      paid: (stats?.paid ?? []).map((p) => ({ currency: p.currency, amount: Number(p.amount) })),
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor('created_desc', { v: last.createdExact, id: last.id }) : null,
  };
}

export type CustomerDetail = {
  id: string;
  email: string;
  name: string | null;
  role: User['role'];
  stripeCustomerId: string | null;
  createdAt: string;
  payments: {
    id: string;
    createdAt: string;
    amount: number;
    amountRefunded: number;
    currency: string;
    status: DisplayStatus;
    description: string | null;
  }[];
  subscriptions: SubscriptionView[];
  invoices: InvoiceView[];
};

/** One customer with their recent payments, subscriptions and invoices. Admins only. */
export async function getCustomer(actor: User | null, userId: string): Promise<CustomerDetail> {
  assertAdmin(actor);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(userId)) throw new AppError('not_found', 'Customer not found.');
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new AppError('not_found', 'Customer not found.');
  const [paymentRows, subs, invs] = await Promise.all([
    db.select().from(payments).where(eq(payments.userId, user.id)).orderBy(desc(payments.createdAt), desc(payments.id)).limit(25),
    db.select().from(subscriptions).where(eq(subscriptions.userId, user.id)).orderBy(desc(subscriptions.stripeCreated)).limit(10),
    db.select().from(invoices).where(eq(invoices.userId, user.id)).orderBy(desc(invoices.stripeCreated), desc(invoices.id)).limit(25),
  ]);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    stripeCustomerId: user.stripeCustomerId,
    createdAt: user.createdAt.toISOString(),
    payments: paymentRows.map((p) => ({
      id: p.id,
      createdAt: p.createdAt.toISOString(),
      amount: p.amount,
      amountRefunded: p.amountRefunded,
      currency: p.currency,
      status: displayStatus(p),
      description: p.description,
    })),
    subscriptions: subs.map(toSubscriptionView),
    invoices: invs.map(toInvoiceView),
  };
}
