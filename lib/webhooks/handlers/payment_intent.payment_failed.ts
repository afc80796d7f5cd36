import type Stripe from 'stripe';
import { applyIntentEvent } from './shared';

export const handle = (event: Stripe.PaymentIntentPaymentFailedEvent) => applyIntentEvent(event);
