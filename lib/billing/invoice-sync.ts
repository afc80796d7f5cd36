import 'server-only';
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Tx } from '@/db';
import { invoices, type Invoice, type InvoiceStatus } from '@/db/schema';
import { audit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { idOf } from '@/lib/ids';
import { stripeCall } from '@/lib/stripe/call';
import { withObjectLock } from './locks';
import { actorOf, userOfCustomer, type BillingSyncSource } from './subscription-sync';

const at = (seconds: number | null | undefined) => (seconds == null ? null : new Date(seconds * 1000));

/** The PaymentIntent collecting an invoice (API versions from 2025 list it under `payments`, not on the invoice). */
export function invoicePaymentIntentId(invoice: Stripe.Invoice): string | null {
  const payments = invoice.payments?.data ?? [];
  const chosen = payments.find((p) => p.is_default) ?? payments[0];
  return idOf(chosen?.payment.payment_intent);
}

/** The subscription an invoice bills, if any. */
export function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
}

/** Writes a Stripe invoice into the mirror (upsert by id) and audits its status changes. Null when not our customer's. */
export async function applyInvoice(tx: Tx, invoice: Stripe.Invoice, source: BillingSyncSource): Promise<Invoice | null> {
  const customerId = idOf(invoice.customer);
  const user = await userOfCustomer(tx, customerId);
  if (!invoice.id || !user || !customerId) return null;
  const [existing] = await tx.select().from(invoices).where(eq(invoices.id, invoice.id)).for('update');
  const values = {
    id: invoice.id,
    userId: user.id,
    subscriptionId: invoiceSubscriptionId(invoice),
    stripeCustomerId: customerId,
    number: invoice.number ?? null,
    status: (invoice.status ?? 'draft') as InvoiceStatus,
    billingReason: invoice.billing_reason ?? null,
    currency: invoice.currency,
    subtotal: invoice.subtotal,
    total: invoice.total,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    amountRemaining: invoice.amount_remaining,
    attemptCount: invoice.attempt_count,
    nextPaymentAttempt: at(invoice.next_payment_attempt),
    paymentIntentId: invoicePaymentIntentId(invoice) ?? existing?.paymentIntentId ?? null,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdf: invoice.invoice_pdf ?? null,
    periodStart: at(invoice.period_start),
    periodEnd: at(invoice.period_end),
    paidAt: at(invoice.status_transitions?.paid_at),
    stripeCreated: at(invoice.created)!,
    syncedAt: new Date(),
  };
  const [row] = await tx.insert(invoices).values(values).onConflictDoUpdate({ target: invoices.id, set: values }).returning();
  if (row && existing?.status !== row.status && row.status !== 'draft') {
    await audit(
      {
        actor: actorOf(source),
        action: `invoice.${row.status}`,
        target: { type: 'invoice', id: row.id },
        amount: row.amountDue,
        currency: row.currency,
        data: { from: existing?.status ?? null, to: row.status, subscriptionId: row.subscriptionId, number: row.number },
      },
      tx,
    );
  }
  return row ?? null;
}

/** Re-fetches an invoice from Stripe and mirrors it, under a lock on the invoice (newest state wins). */
export async function syncInvoice(invoiceId: string, source: BillingSyncSource): Promise<Invoice | null> {
  return withObjectLock('invoice', invoiceId, async (tx) => {
    let invoice: Stripe.Invoice;
    try {
      invoice = await stripeCall('invoices.retrieve', (s) => s.invoices.retrieve(invoiceId, { expand: ['payments'] }));
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') return null;
      throw error;
    }
    return applyInvoice(tx, invoice, source);
  });
}
