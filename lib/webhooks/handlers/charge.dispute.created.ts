import type Stripe from 'stripe';
import { flagDispute } from '@/lib/payments/sync';

export const handle = (event: Stripe.ChargeDisputeCreatedEvent) => flagDispute(event.data.object);
