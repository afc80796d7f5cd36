import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { db } from '@/db';
import { alerts } from '@/db/schema';
import { audit } from '@/lib/audit';
import { idOf } from '@/lib/ids';
import { formatMoney } from '@/lib/money';
import { userByCustomer } from '@/lib/payments/customers';
import { raiseAlert } from './alerts';
import { invoiceSubscriptionId } from './invoice-sync';

/** The alert kind of a failed invoice payment; the failed-payment metric counts these. */
export const INVOICE_PAYMENT_FAILED = 'invoice_payment_failed';

/**
 * Records one failed invoice payment attempt (invoice.payment_failed): an alert for the admin
 * dashboard (warning; critical once Stripe has no retry left) and an audit entry. Keyed by
 * invoice and attempt, so a replayed or duplicated event records it once.
 */
export async function recordInvoicePaymentFailure(event: Stripe.InvoicePaymentFailedEvent): Promise<boolean> {
  const invoice = event.data.object;
  const user = await userByCustomer(idOf(invoice.customer));
  if (!user || !invoice.id) return false;
  const finalAttempt = invoice.next_payment_attempt === null;
  const subscriptionId = invoiceSubscriptionId(invoice);
  const created = await raiseAlert({
    key: `${INVOICE_PAYMENT_FAILED}:${invoice.id}:${invoice.attempt_count}`,
    kind: INVOICE_PAYMENT_FAILED,
    severity: finalAttempt ? 'critical' : 'warning',
    message: `Payment of invoice ${invoice.number ?? invoice.id} (${formatMoney(invoice.amount_remaining, invoice.currency)}) failed for ${user.email}, attempt ${invoice.attempt_count}${finalAttempt ? ', no retry left' : ''}.`,
    data: {
      invoiceId: invoice.id,
      subscriptionId,
      userId: user.id,
      attemptCount: invoice.attempt_count,
      amountRemaining: invoice.amount_remaining,
      currency: invoice.currency,
      nextPaymentAttempt: invoice.next_payment_attempt ? new Date(invoice.next_payment_attempt * 1000).toISOString() : null,
      billingReason: invoice.billing_reason,
    },
  });
  if (created) {
    await audit({
      actor: { type: 'stripe', id: event.id },
      action: 'invoice.payment_failed',
      target: { type: 'invoice', id: invoice.id },
      amount: invoice.amount_remaining,
      currency: invoice.currency,
      data: { attemptCount: invoice.attempt_count, subscriptionId, finalAttempt },
    });
  }
  return created;
}

/** The failed-payment metric: invoice payment attempts that failed (all time), for /api/metrics. */
export async function failedInvoicePaymentCount(): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(alerts)
    .where(eq(alerts.kind, INVOICE_PAYMENT_FAILED));
  return row?.n ?? 0;
}
