import type Stripe from 'stripe';
import { upsertSavedCard } from '@/lib/payments/saved-cards';

export const handle = (event: Stripe.PaymentMethodAttachedEvent) => upsertSavedCard(event.data.object);
