import type { Payment, PaymentStatus } from '@/db/schema';

// Pure (no server-only): the payment page and the admin payments table use it in the browser too.

/** What the user sees: Stripe's status folded into the states our pages show (in the order filters list them). */
export const DISPLAY_STATUSES = [
  'succeeded',
  'refunded',
  'partially_refunded',
  'processing',
  'requires_action',
  'pending',
  'failed',
  'canceled',
  'unknown',
] as const;
export type DisplayStatus = (typeof DISPLAY_STATUSES)[number];

const TERMINAL: ReadonlySet<PaymentStatus> = new Set(['succeeded', 'canceled']);

// Within one second of Stripe time, the more advanced status wins (a late `processing` never
// overwrites `succeeded`; terminal states are never left at all).
const RANK: Record<PaymentStatus, number> = {
  unknown: 0,
  requires_payment_method: 1,
  requires_confirmation: 2,
  requires_action: 3,
  processing: 4,
  requires_capture: 5,
  succeeded: 6,
  canceled: 6,
};

export function isTerminal(status: PaymentStatus): boolean {
  return TERMINAL.has(status);
}

/** Whether a snapshot of `next` taken at `nextAt` may replace `current` last set from Stripe time `currentAt`. */
export function mayReplaceStatus(current: PaymentStatus, currentAt: Date | null, next: PaymentStatus, nextAt: Date): boolean {
  if (current === next) return true;
  if (isTerminal(current)) return false;
  if (!currentAt) return true;
  if (nextAt.getTime() !== currentAt.getTime()) return nextAt > currentAt;
  return RANK[next] >= RANK[current];
}

export function displayStatus(p: Pick<Payment, 'status' | 'lastErrorCode' | 'amount' | 'amountRefunded'>): DisplayStatus {
  switch (p.status) {
    case 'succeeded':
      if (p.amountRefunded >= p.amount) return 'refunded';
      return p.amountRefunded > 0 ? 'partially_refunded' : 'succeeded';
    case 'requires_payment_method':
      return p.lastErrorCode ? 'failed' : 'pending';
    case 'requires_confirmation':
      return 'pending';
    case 'processing':
    case 'requires_capture':
      return 'processing';
    default:
      return p.status;
  }
}

/** Final for the payment page: nothing more will happen without the user. */
export function isSettledForDisplay(status: DisplayStatus): boolean {
  return ['succeeded', 'refunded', 'partially_refunded', 'failed', 'canceled', 'requires_action'].includes(status);
}
