// Automatic collection of subscription invoices: finalize an hour after drafting, charge the
// saved card off-session, retry on the configured schedule, then cancel or mark unpaid.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { snapshot } from '../core/json';
import { DAY } from '../core/time';
import { ApiError } from '../wire/errors';
import { cancelSubscriptionNow } from './cancel';
import { collectInvoice, finalizeInvoice, invoiceSubscription, markUncollectible } from './collect';
import { subscriptionChanged } from './subscription-status';

function nextAttempt(emu: Emulator, attemptCount: number, at: number): number | null {
  const days = emu.settings.dunning.retryDays[attemptCount];
  return days === undefined ? null : at + days * DAY;
}

/** What Stripe's "if all retries fail" settings do once the last retry has failed. */
function retriesExhausted(emu: Emulator, invoice: Stripe.Invoice, at: number): void {
  const { afterRetries, invoiceAfterRetries } = emu.settings.dunning;
  if (invoiceAfterRetries === 'uncollectible') markUncollectible(emu, invoice, at);
  const sub = invoiceSubscription(emu, invoice);
  if (!sub || sub.status === 'canceled' || sub.status === 'incomplete_expired') return;
  if (afterRetries === 'cancel') cancelSubscriptionNow(emu, sub, at, { reason: 'payment_failed' });
  else if (afterRetries === 'unpaid') {
    const before = snapshot(sub);
    sub.status = 'unpaid';
    subscriptionChanged(emu, sub, before);
  }
}

/** One automatic, off-session payment attempt with the retry schedule applied. */
export function attemptAutomatically(emu: Emulator, invoice: Stripe.Invoice, at: number): void {
  if (invoice.status !== 'open' || invoice.collection_method !== 'charge_automatically') return;
  // Set before the attempt so invoice.payment_failed already shows when the next retry is.
  invoice.next_payment_attempt = nextAttempt(emu, invoice.attempt_count, at);
  try {
    collectInvoice(emu, invoice, { offSession: true, automatic: true });
  } catch (err) {
    // A payment that cannot be attempted right now counts as a failed attempt.
    if (!(err instanceof ApiError)) throw err;
  }
  if (invoice.status === 'open' && invoice.next_payment_attempt === null) retriesExhausted(emu, invoice, at);
}

/** The draft's hour is up: finalize it and collect. */
export function autoAdvance(emu: Emulator, invoice: Stripe.Invoice, at: number): void {
  finalizeInvoice(emu, invoice, at);
  attemptAutomatically(emu, invoice, at);
}
