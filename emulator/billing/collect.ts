// Invoice lifecycle: finalize (number, customer balance, PaymentIntent), collect payment,
// mark paid, void, mark uncollectible.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { newId } from '../core/ids';
import { snapshot } from '../core/json';
import { ApiError, invalid, unexpectedState } from '../wire/errors';
import { idOf } from '../resources/common';
import { resolvePaymentMethod } from '../payments/cards';
import { confirmPayment } from '../payments/confirm-payment';
import { createPaymentIntent } from '../payments/intent-object';
import { recomputeTotals } from './invoice-object';
import { subscriptionPaid } from './subscription-status';

export function invoiceSubscription(emu: Emulator, invoice: Stripe.Invoice): Stripe.Subscription | null {
  const ref = invoice.parent?.subscription_details?.subscription;
  const id = typeof ref === 'string' ? ref : (ref?.id ?? null);
  return id ? (emu.state.subscriptions.get(id) ?? null) : null;
}

export function defaultInvoicePayment(emu: Emulator, invoiceId: string): Stripe.InvoicePayment | null {
  for (const p of emu.state.invoicePayments.values()) if (p.invoice === invoiceId && p.is_default) return p;
  return null;
}

export function invoicePaymentIntent(emu: Emulator, invoice: Stripe.Invoice): Stripe.PaymentIntent | null {
  const payment = defaultInvoicePayment(emu, invoice.id);
  const piId = payment?.payment.payment_intent;
  const id = typeof piId === 'string' ? piId : (piId?.id ?? null);
  return id ? (emu.state.paymentIntents.get(id) ?? null) : null;
}

/** Invoice PaymentMethod precedence: invoice, subscription, then customer default. */
export function paymentMethodFor(emu: Emulator, invoice: Stripe.Invoice): string | null {
  const sub = invoiceSubscription(emu, invoice);
  const customer = emu.state.customers.get(idOf(invoice.customer) ?? '');
  return (
    idOf(invoice.default_payment_method) ??
    idOf(sub?.default_payment_method) ??
    idOf(customer?.invoice_settings.default_payment_method) ??
    null
  );
}

function createInvoicePaymentIntent(emu: Emulator, invoice: Stripe.Invoice, at: number): void {
  const sub = invoiceSubscription(emu, invoice);
  const reason = invoice.billing_reason;
  const description =
    reason === 'subscription_create'
      ? 'Subscription creation'
      : reason === 'subscription_update'
        ? 'Subscription update'
        : reason === 'subscription_cycle'
          ? 'Subscription cycle'
          : `Invoice ${invoice.number ?? invoice.id}`;
  const pi = createPaymentIntent(emu, {
    amount: invoice.amount_due,
    currency: invoice.currency,
    created: at,
    customer: idOf(invoice.customer),
    description,
    metadata: {},
    captureMethod: 'automatic',
    allowedTypes: ['card'],
    allowRedirects: 'always',
    paymentMethod: paymentMethodFor(emu, invoice),
    receiptEmail: null,
    setupFutureUsage: sub?.payment_settings?.save_default_payment_method === 'on_subscription' ? 'off_session' : null,
    shipping: null,
    statementDescriptor: null,
    statementDescriptorSuffix: null,
    invoice: invoice.id,
  });
  const payment: Stripe.InvoicePayment = {
    id: newId('inpay', 24),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: invoice.amount_due,
    created: at,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: pi.id },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  };
  emu.state.invoicePayments.set(payment.id, payment);
  emu.events.emit('payment_intent.created', pi);
}

export function finalizeInvoice(emu: Emulator, invoice: Stripe.Invoice, at: number): Stripe.Invoice {
  if (invoice.status !== 'draft') {
    throw unexpectedState('invoice_unexpected_state', "This invoice is already finalized, you can't re-finalize a non-draft invoice.");
  }
  const customer = emu.state.customers.get(idOf(invoice.customer) ?? '');
  invoice.starting_balance = customer?.balance ?? 0;
  recomputeTotals(invoice);
  const applied = invoice.total + invoice.starting_balance;
  invoice.ending_balance = applied < 0 ? applied : 0;
  if (customer) {
    invoice.number = `${customer.invoice_prefix ?? 'EMU'}-${String(customer.next_invoice_sequence ?? 1).padStart(4, '0')}`;
    const before = snapshot(customer);
    customer.next_invoice_sequence = (customer.next_invoice_sequence ?? 1) + 1;
    // Stripe announces balance changes, not the invoice counter ticking over.
    if (customer.balance !== invoice.ending_balance) {
      customer.balance = invoice.ending_balance;
      emu.events.emitChange('customer.updated', customer, before);
    }
  }
  invoice.status = 'open';
  invoice.status_transitions.finalized_at = at;
  invoice.effective_at = at;
  invoice.automatically_finalizes_at = null;
  invoice.hosted_invoice_url = `${emu.origin}/invoices/${invoice.id}`;
  if (invoice.amount_due > 0) createInvoicePaymentIntent(emu, invoice, at);
  emu.events.emit('invoice.finalized', invoice);
  if (invoice.amount_due === 0) markInvoicePaid(emu, invoice, null, at, false);
  return invoice;
}

export function markInvoicePaid(
  emu: Emulator,
  invoice: Stripe.Invoice,
  pi: Stripe.PaymentIntent | null,
  at: number,
  outOfBand: boolean,
): void {
  invoice.status = 'paid';
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.status_transitions.paid_at = at;
  invoice.next_payment_attempt = null;
  if (pi) invoice.attempted = true;
  if (invoice.attempt_count === 0 && pi) invoice.attempt_count = 1;
  const payment = defaultInvoicePayment(emu, invoice.id);
  if (payment && pi) {
    payment.status = 'paid';
    payment.amount_paid = pi.amount_received;
    payment.status_transitions.paid_at = at;
    emu.events.emit('invoice_payment.paid', payment);
  } else if (payment) {
    payment.status = 'canceled';
    payment.status_transitions.canceled_at = at;
    const openPi = invoicePaymentIntent(emu, invoice);
    if (openPi && openPi.status !== 'succeeded' && openPi.status !== 'canceled') {
      openPi.status = 'canceled';
      openPi.canceled_at = at;
      emu.events.emit('payment_intent.canceled', openPi);
    }
  }
  emu.events.emit('invoice.paid', invoice);
  if (!outOfBand) emu.events.emit('invoice.payment_succeeded', invoice);
  const sub = invoiceSubscription(emu, invoice);
  if (sub) subscriptionPaid(emu, sub, invoice, pi);
}

/** Tries to collect an open invoice. Returns the card error of a failed attempt (state already updated). */
export function collectInvoice(
  emu: Emulator,
  invoice: Stripe.Invoice,
  opts: { paymentMethod?: string; offSession: boolean; automatic: boolean },
): ApiError | null {
  const pi = invoicePaymentIntent(emu, invoice);
  if (!pi) return null;
  const pmId = opts.paymentMethod ?? paymentMethodFor(emu, invoice);
  if (!pmId) {
    invoice.attempt_count += 1;
    invoice.attempted = true;
    emu.events.emit('invoice.payment_failed', invoice);
    return invalid(
      'This customer has no attached payment source or default payment method. Please consider adding a default payment method.',
      'payment_method',
    );
  }
  const pm = resolvePaymentMethod(emu, pmId, 'payment_method');
  return confirmPayment(emu, pi, pm, {
    offSession: opts.offSession,
    returnUrl: null,
    useStripeSdk: false,
    errorOnRequiresAction: false,
    actionOnAuthRequired: opts.automatic,
  });
}

export function voidInvoice(emu: Emulator, invoice: Stripe.Invoice, at: number): Stripe.Invoice {
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
    throw unexpectedState(
      'invoice_unexpected_state',
      `You can only void invoices with a status of open or uncollectible. This invoice has a status of ${invoice.status}.`,
    );
  }
  invoice.status = 'void';
  invoice.status_transitions.voided_at = at;
  invoice.amount_remaining = 0;
  invoice.next_payment_attempt = null;
  const payment = defaultInvoicePayment(emu, invoice.id);
  if (payment && payment.status === 'open') {
    payment.status = 'canceled';
    payment.status_transitions.canceled_at = at;
  }
  const pi = invoicePaymentIntent(emu, invoice);
  if (pi && pi.status !== 'succeeded' && pi.status !== 'canceled') {
    pi.status = 'canceled';
    pi.canceled_at = at;
    pi.cancellation_reason = 'void_invoice';
    pi.next_action = null;
    emu.events.emit('payment_intent.canceled', pi);
  }
  emu.events.emit('invoice.voided', invoice);
  return invoice;
}

export function markUncollectible(emu: Emulator, invoice: Stripe.Invoice, at: number): Stripe.Invoice {
  if (invoice.status !== 'open') {
    throw unexpectedState(
      'invoice_unexpected_state',
      `You can only mark open invoices as uncollectible. This invoice has a status of ${invoice.status}.`,
    );
  }
  invoice.status = 'uncollectible';
  invoice.status_transitions.marked_uncollectible_at = at;
  invoice.next_payment_attempt = null;
  emu.events.emit('invoice.marked_uncollectible', invoice);
  return invoice;
}
