import type Stripe from 'stripe';
import { applyIntentEvent } from './shared';

export const handle = (event: Stripe.PaymentIntentCanceledEvent) => applyIntentEvent(event);
