import type Stripe from 'stripe';
import { applyIntentEvent, type Tx } from './shared';

export const handle = (event: Stripe.PaymentIntentSucceededEvent) => applyIntentEvent(event);
export const handleIn = (event: Stripe.PaymentIntentSucceededEvent, tx: Tx) => applyIntentEvent(event, tx);
