// Moves billing time forward: for a test clock when it advances, and for everything else on a
// wall-clock sweep. Due transitions run in time order, each at its own moment.
import type Stripe from 'stripe';
import { clockIdOfCustomer } from '../core/clock';
import type { Emulator } from '../core/context';
import { DAY } from '../core/time';
import { idOf } from '../resources/common';
import { cancelSubscriptionNow } from './cancel';
import { endTrial, expireIncomplete, INCOMPLETE_EXPIRY, renewSubscription } from './cycle';
import { attemptAutomatically, autoAdvance } from './dunning';
import { periodOf } from './items';
import { subInternal, subscriptionChanged } from './subscription-status';
import { snapshot } from '../core/json';

interface Step {
  at: number;
  run: (at: number) => void;
}

const MAX_STEPS = 100_000;

function earlier(a: Step | null, at: number, run: (at: number) => void): Step {
  return a && a.at <= at ? a : { at, run };
}

function subscriptionStep(emu: Emulator, sub: Stripe.Subscription, target: number): Step | null {
  let step: Step | null = null;
  const consider = (at: number | null | undefined, run: (at: number) => void) => {
    if (at !== null && at !== undefined && at <= target) step = earlier(step, at, run);
  };
  const internal = subInternal(emu, sub.id);
  if (sub.status === 'trialing' && sub.trial_end !== null) {
    const warn = sub.trial_end - 3 * DAY;
    if (!internal.trialWillEndSent) {
      consider(Math.max(warn, sub.created), () => {
        internal.trialWillEndSent = true;
        emu.events.emit('customer.subscription.trial_will_end', sub);
      });
    }
    consider(sub.trial_end, (at) => endTrial(emu, sub, at));
  }
  if (sub.status === 'incomplete') consider(sub.created + INCOMPLETE_EXPIRY, (at) => expireIncomplete(emu, sub, at));
  if (sub.status === 'active' || sub.status === 'past_due' || sub.status === 'unpaid') {
    const end = periodOf(sub).end;
    if (sub.cancel_at !== null && sub.cancel_at <= end)
      consider(sub.cancel_at, (at) => cancelSubscriptionNow(emu, sub, at, { reason: 'cancellation_requested' }));
    else consider(end, (at) => renewSubscription(emu, sub, at));
  }
  const resumes = sub.pause_collection?.resumes_at;
  if (resumes) {
    consider(resumes, () => {
      const before = snapshot(sub);
      sub.pause_collection = null;
      subscriptionChanged(emu, sub, before);
    });
  }
  return step;
}

function invoiceStep(emu: Emulator, invoice: Stripe.Invoice, target: number): Step | null {
  if (
    invoice.status === 'draft' &&
    invoice.auto_advance &&
    invoice.automatically_finalizes_at !== null &&
    invoice.automatically_finalizes_at <= target
  ) {
    return { at: invoice.automatically_finalizes_at, run: (at) => autoAdvance(emu, invoice, at) };
  }
  if (invoice.status === 'open' && invoice.next_payment_attempt !== null && invoice.next_payment_attempt <= target) {
    return { at: invoice.next_payment_attempt, run: (at) => attemptAutomatically(emu, invoice, at) };
  }
  return null;
}

function nextStep(emu: Emulator, clock: string | null, target: number): Step | null {
  let best: Step | null = null;
  const inScope = (customer: string | null) => clockIdOfCustomer(emu, customer) === clock;
  for (const sub of emu.state.subscriptions.values()) {
    if (!inScope(idOf(sub.customer))) continue;
    const s = subscriptionStep(emu, sub, target);
    if (s && (!best || s.at < best.at)) best = s;
  }
  for (const invoice of emu.state.invoices.values()) {
    if (invoice.status !== 'draft' && invoice.status !== 'open') continue;
    if (!inScope(idOf(invoice.customer))) continue;
    const s = invoiceStep(emu, invoice, target);
    if (s && (!best || s.at < best.at)) best = s;
  }
  return best;
}

/** Runs every transition due up to `target` for objects on `clock` (null: objects on no clock); returns how many ran. */
export function advanceBilling(emu: Emulator, clock: string | null, target: number): number {
  const testClock = clock ? emu.state.testClocks.get(clock) : undefined;
  for (let i = 0; i < MAX_STEPS; i++) {
    const step = nextStep(emu, clock, target);
    if (!step) return i;
    if (testClock) testClock.frozen_time = Math.max(testClock.frozen_time, step.at);
    step.run(step.at);
  }
  emu.log(`emulator: billing for ${clock ?? 'the wall clock'} stopped after ${MAX_STEPS} steps`);
  return MAX_STEPS;
}
