import type Stripe from 'stripe';
import { syncPriceEvent } from './shared';

export const handle = (event: Stripe.PriceDeletedEvent) => syncPriceEvent(event);
