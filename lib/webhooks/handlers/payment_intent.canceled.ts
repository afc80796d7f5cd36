import type Stripe from 'stripe';
import type { Tx } from '@/db';
import { applyIntentEvent } from './shared';

export const handle = (event: Stripe.PaymentIntentCanceledEvent) => applyIntentEvent(event);
export const handleIn = (event: Stripe.PaymentIntentCanceledEvent, tx: Tx) => applyIntentEvent(event, tx);
