import type Stripe from 'stripe';
import { applyCustomer } from '@/lib/payments/saved-cards';

export const handle = (event: Stripe.CustomerDeletedEvent) => applyCustomer(event.data.object, true);
