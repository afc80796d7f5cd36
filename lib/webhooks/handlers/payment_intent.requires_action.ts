import type Stripe from 'stripe';
import type { Tx } from '@/db';
import { applyIntentEvent } from './shared';

export const handle = (event: Stripe.PaymentIntentRequiresActionEvent) => applyIntentEvent(event);
export const handleIn = (event: Stripe.PaymentIntentRequiresActionEvent, tx: Tx) => applyIntentEvent(event, tx);
