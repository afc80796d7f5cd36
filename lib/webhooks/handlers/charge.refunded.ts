import type Stripe from 'stripe';
import { syncChargeRefunds } from '@/lib/payments/refund-sync';
import { applyCharge } from '@/lib/payments/sync';

// A charge snapshot does not list its refunds: re-fetch them from Stripe.
export const handle = async (event: Stripe.ChargeRefundedEvent) => {
  await applyCharge(event.data.object);
  await syncChargeRefunds(event.data.object.id);
};
