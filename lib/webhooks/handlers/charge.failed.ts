import type Stripe from 'stripe';
import { applyCharge } from '@/lib/payments/sync';

export const handle = (event: Stripe.ChargeFailedEvent) => applyCharge(event.data.object);
