import type Stripe from 'stripe';
import { applyCustomer } from '@/lib/payments/saved-cards';

export const handle = (event: Stripe.CustomerUpdatedEvent) => applyCustomer(event.data.object, false);
