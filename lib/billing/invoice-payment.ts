import 'server-only';
import { AppError } from '@/lib/errors';
import { stripeCall } from '@/lib/stripe/call';
import { invoicePaymentIntentId } from './invoice-sync';

/** Where an invoice's payment stands: paid, waiting for 3-D Secure in the browser, or refused. */
export type InvoicePaymentOutcome = {
  invoiceId: string;
  status: 'paid' | 'requires_action' | 'failed' | 'open' | 'closed';
  /** For `requires_action`: the secret Stripe.js needs to run the bank's challenge. */
  clientSecret: string | null;
  message: string | null;
  amount: number;
  currency: string;
};

/** Reads an invoice and its PaymentIntent from Stripe and says what the customer has to do next. */
export async function invoicePaymentOutcome(invoiceId: string): Promise<InvoicePaymentOutcome> {
  const invoice = await stripeCall('invoices.retrieve', (s) =>
    s.invoices.retrieve(invoiceId, { expand: ['confirmation_secret', 'payments'] }),
  );
  const base = {
    invoiceId,
    clientSecret: null,
    message: null,
    amount: invoice.amount_remaining || invoice.amount_due,
    currency: invoice.currency,
  };
  if (invoice.status === 'paid') return { ...base, status: 'paid' };
  if (invoice.status !== 'open') return { ...base, status: 'closed' };
  const piId = invoicePaymentIntentId(invoice);
  const pi = piId ? await stripeCall('paymentIntents.retrieve', (s) => s.paymentIntents.retrieve(piId)) : null;
  if (pi?.status === 'requires_action')
    return { ...base, status: 'requires_action', clientSecret: invoice.confirmation_secret?.client_secret ?? pi.client_secret };
  if (pi?.last_payment_error) return { ...base, status: 'failed', message: pi.last_payment_error.message ?? 'Your card was declined.' };
  return { ...base, status: 'open' };
}

/**
 * Pays an open invoice now with `paymentMethodId`, the customer present (`off_session=false`,
 * so a bank asking for 3-D Secure leaves it awaiting the browser instead of declining). A
 * declined card is an outcome, not an error.
 */
export async function payInvoice(invoiceId: string, paymentMethodId: string, idempotencyKey: string): Promise<InvoicePaymentOutcome> {
  try {
    await stripeCall('invoices.pay', (s) =>
      s.invoices.pay(invoiceId, { payment_method: paymentMethodId, off_session: false }, { idempotencyKey }),
    );
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'card_declined')) throw error;
  }
  return invoicePaymentOutcome(invoiceId);
}
