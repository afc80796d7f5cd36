import type Stripe from 'stripe';
import { upsertStripeRefund } from '@/lib/payments/refund-sync';

export const handle = (event: Stripe.RefundCreatedEvent) => upsertStripeRefund(event.data.object);
