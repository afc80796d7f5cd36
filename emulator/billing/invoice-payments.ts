// Hooks from the PaymentIntent state machine into the invoice it collects.
import type Stripe from 'stripe';
import { nowFor } from '../core/clock';
import type { Emulator } from '../core/context';
import { idOf } from '../resources/common';
import { invoiceSubscription, markInvoicePaid } from './collect';
import { subscriptionPaymentFailed } from './subscription-status';

export function invoicePaymentSucceeded(emu: Emulator, invoiceId: string, pi: Stripe.PaymentIntent): void {
  const invoice = emu.state.invoices.get(invoiceId);
  if (!invoice || invoice.status === 'paid' || invoice.status === 'void') return;
  markInvoicePaid(emu, invoice, pi, nowFor(emu, idOf(invoice.customer)), false);
}

export function invoicePaymentFailed(emu: Emulator, invoiceId: string, requiresAction: boolean): void {
  const invoice = emu.state.invoices.get(invoiceId);
  if (!invoice || invoice.status !== 'open') return;
  invoice.attempt_count += 1;
  invoice.attempted = true;
  if (requiresAction) emu.events.emit('invoice.payment_action_required', invoice);
  emu.events.emit('invoice.payment_failed', invoice);
  const sub = invoiceSubscription(emu, invoice);
  if (sub) subscriptionPaymentFailed(emu, sub, invoice);
}
