import type Stripe from 'stripe';
import { upsertStripeRefund } from '@/lib/payments/refund-sync';

export const handle = (event: Stripe.ChargeRefundUpdatedEvent) => upsertStripeRefund(event.data.object);
