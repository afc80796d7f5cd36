import type Stripe from 'stripe';
import type { Tx } from '@/db';
import { applyIntentEvent } from './shared';

export const handle = (event: Stripe.PaymentIntentPaymentFailedEvent) => applyIntentEvent(event);
export const handleIn = (event: Stripe.PaymentIntentPaymentFailedEvent, tx: Tx) => applyIntentEvent(event, tx);
