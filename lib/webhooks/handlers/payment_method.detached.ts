import type Stripe from 'stripe';
import { removeSavedCard } from '@/lib/payments/saved-cards';

export const handle = (event: Stripe.PaymentMethodDetachedEvent) => removeSavedCard(event.data.object.id);
