import type Stripe from 'stripe';
import type { Tx } from '@/db';
import { applyIntentEvent } from './shared';

export const handle = (event: Stripe.PaymentIntentSucceededEvent) => applyIntentEvent(event);
export const handleIn = (event: Stripe.PaymentIntentSucceededEvent, tx: Tx) => applyIntentEvent(event, tx);
