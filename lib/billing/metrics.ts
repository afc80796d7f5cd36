import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { invoices, subscriptions } from '@/db/schema';
import { failedInvoicePaymentCount } from './payment-failures';

export type BillingMetrics = {
  /** Counter: failed invoice payment attempts (one per invoice and attempt). */
  failedInvoicePayments: number;
  /** Gauges: subscriptions by Stripe status, and open invoices of subscriptions. */
  subscriptionsByStatus: Record<string, number>;
  openInvoices: number;
};

/** Billing figures for the metrics endpoint, as SQL counts over the mirror. */
export async function billingMetrics(): Promise<BillingMetrics> {
  const [failed, byStatus, [open]] = await Promise.all([
    failedInvoicePaymentCount(),
    db
      .select({ status: subscriptions.status, n: sql<number>`count(*)::int` })
      .from(subscriptions)
      .groupBy(subscriptions.status),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(invoices)
      .where(and(eq(invoices.status, 'open'), sql`${invoices.subscriptionId} is not null`)),
  ]);
  return {
    failedInvoicePayments: failed,
    subscriptionsByStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
    openInvoices: open?.n ?? 0,
  };
}
