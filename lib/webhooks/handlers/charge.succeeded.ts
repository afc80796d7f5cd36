import type Stripe from 'stripe';
import type { Tx } from '@/db';
import { applyCharge } from '@/lib/payments/sync';

// Card brand, last4, expiry and the receipt arrive with the charge, not the intent.
export const handle = (event: Stripe.ChargeSucceededEvent) => applyCharge(event.data.object);
export const handleIn = (event: Stripe.ChargeSucceededEvent, tx: Tx) => applyCharge(event.data.object, tx);
