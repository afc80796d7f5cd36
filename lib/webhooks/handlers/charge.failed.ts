import type Stripe from 'stripe';
import { applyCharge } from '@/lib/payments/sync';
import type { Tx } from './shared';

export const handle = (event: Stripe.ChargeFailedEvent) => applyCharge(event.data.object);
export const handleIn = (event: Stripe.ChargeFailedEvent, tx: Tx) => applyCharge(event.data.object, tx);
