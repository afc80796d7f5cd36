import 'server-only';
import type Stripe from 'stripe';
import { AppError } from '@/lib/errors';
import { stripeCall } from '@/lib/stripe/call';
import { checkPayments } from './payments-check';
import { checkRefunds } from './refunds-check';
import { checkSubscriptions } from './subscriptions-check';
import { Findings, type Progress, type ReconcileOptions, type ReconcileReport } from './types';

/** More Stripe objects than this in one window is a mistake: narrow the window instead. */
export const MAX_OBJECTS_PER_WINDOW = 100_000;
const STEPS = 7;

/** Lists every object Stripe created in the window, reporting progress per page. */
async function listWindow<T>(operation: string, list: (s: Stripe) => AsyncIterable<T>, report: (done: number) => void): Promise<T[]> {
  const items: T[] = [];
  let tooMany = false;
  await stripeCall(operation, async (s) => {
    for await (const item of list(s)) {
      items.push(item);
      if (items.length % 100 === 0) report(items.length);
      if (items.length > MAX_OBJECTS_PER_WINDOW) {
        tooMany = true;
        break;
      }
    }
  });
  if (tooMany)
    throw new AppError('validation_failed', `Stripe has more than ${MAX_OBJECTS_PER_WINDOW} objects in this window; choose a shorter one.`);
  report(items.length);
  return items;
}

/**
 * Compares our payments, refunds and subscriptions created in a time window with Stripe's, and
 * (when `repair`) repairs each difference from Stripe's current state: missing rows are
 * restored, mismatched ones overwritten, duplicates merged, stuck ones replayed with their
 * original idempotency keys. Rows Stripe does not know are only reported. Progress goes to
 * `onProgress` after every page and batch. Callers authorise (startReconciliation, the CLI).
 */
export async function reconcileWindow(options: ReconcileOptions): Promise<ReconcileReport> {
  const findings = new Findings();
  const progress = (phase: string, step: number, total: number | null) => (done: number) =>
    options.onProgress?.({ phase, step, steps: STEPS, done, total: total ?? done } satisfies Progress);
  const created = { gte: Math.floor(options.from.getTime() / 1000), lte: Math.floor(options.to.getTime() / 1000) };

  const intents = await listWindow(
    'paymentIntents.list',
    (s) => s.paymentIntents.list({ created, limit: 100, expand: ['data.latest_charge'] }),
    progress('Listing Stripe payments', 1, null),
  );
  progress('Checking payments', 2, intents.length)(0);
  await checkPayments(intents, options, findings, progress('Checking payments', 2, intents.length));
  const refundList = await listWindow(
    'refunds.list',
    (s) => s.refunds.list({ created, limit: 100 }),
    progress('Listing Stripe refunds', 3, null),
  );
  progress('Checking refunds', 4, refundList.length)(0);
  await checkRefunds(refundList, options, findings, progress('Checking refunds', 4, refundList.length));
  const subs = await listWindow(
    'subscriptions.list',
    (s) => s.subscriptions.list({ created, limit: 100, status: 'all' }),
    progress('Listing Stripe subscriptions', 5, null),
  );
  progress('Checking subscriptions', 6, subs.length)(0);
  await checkSubscriptions(subs, options, findings, progress('Checking subscriptions', 6, subs.length));
  const checked = intents.length + refundList.length + subs.length;
  progress('Done', STEPS, checked)(checked);

  return {
    window: { from: options.from.toISOString(), to: options.to.toISOString() },
    repair: options.repair,
    checked: { payment: intents.length, refund: refundList.length, subscription: subs.length },
    counts: findings.counts,
    repaired: findings.repaired,
    findings: findings.list,
    truncated: findings.truncated,
  };
}
