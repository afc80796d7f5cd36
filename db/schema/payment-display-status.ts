import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

type Columns = { status: AnyPgColumn; amount: AnyPgColumn; amountRefunded: AnyPgColumn; lastErrorCode: AnyPgColumn };

/**
 * The status the admin filters by (lib/payments/status.ts `displayStatus`, in SQL). The payments
 * index on this expression and the admin list query share this one definition, so the planner
 * matches them.
 */
export function displayStatusSql(t: Columns): SQL<string> {
  return sql<string>`(case
    when ${t.status} = 'succeeded' and ${t.amountRefunded} >= ${t.amount} then 'refunded'
    when ${t.status} = 'succeeded' and ${t.amountRefunded} > 0 then 'partially_refunded'
    when ${t.status} = 'requires_payment_method' and ${t.lastErrorCode} is not null then 'failed'
    when ${t.status} in ('requires_payment_method', 'requires_confirmation') then 'pending'
    when ${t.status} in ('processing', 'requires_capture') then 'processing'
    else ${t.status} end)`;
}
