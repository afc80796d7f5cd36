import type Stripe from 'stripe';
import type { Tx } from '@/db';
import { applyCharge } from '@/lib/payments/sync';

export const handle = (event: Stripe.ChargeFailedEvent) => applyCharge(event.data.object);
export const handleIn = (event: Stripe.ChargeFailedEvent, tx: Tx) => applyCharge(event.data.object, tx);
