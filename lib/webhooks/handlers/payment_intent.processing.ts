import type Stripe from 'stripe';
import type { Tx } from '@/db';
import { applyIntentEvent } from './shared';

export const handle = (event: Stripe.PaymentIntentProcessingEvent) => applyIntentEvent(event);
export const handleIn = (event: Stripe.PaymentIntentProcessingEvent, tx: Tx) => applyIntentEvent(event, tx);
