import type Stripe from 'stripe';
import { applyIntentEvent, type Tx } from './shared';

export const handle = (event: Stripe.PaymentIntentProcessingEvent) => applyIntentEvent(event);
export const handleIn = (event: Stripe.PaymentIntentProcessingEvent, tx: Tx) => applyIntentEvent(event, tx);
