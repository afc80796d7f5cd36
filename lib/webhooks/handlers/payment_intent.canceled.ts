import type Stripe from 'stripe';
import { applyIntentEvent, type Tx } from './shared';

export const handle = (event: Stripe.PaymentIntentCanceledEvent) => applyIntentEvent(event);
export const handleIn = (event: Stripe.PaymentIntentCanceledEvent, tx: Tx) => applyIntentEvent(event, tx);
