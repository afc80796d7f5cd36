import type Stripe from 'stripe';
import { applyCharge } from '@/lib/payments/sync';

// Card brand, last4, expiry and the receipt arrive with the charge, not the intent.
export const handle = (event: Stripe.ChargeSucceededEvent) => applyCharge(event.data.object);
