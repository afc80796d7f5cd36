import type Stripe from 'stripe';
import { upsertStripeRefund } from '@/lib/payments/refund-sync';

// The refunded amount is recomputed from refund rows, so a failed refund becomes refundable again.
export const handle = (event: Stripe.RefundFailedEvent) => upsertStripeRefund(event.data.object);
