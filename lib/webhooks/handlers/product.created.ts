import type Stripe from 'stripe';
import { syncProductEvent } from './shared';

export const handle = (event: Stripe.ProductCreatedEvent) => syncProductEvent(event);
