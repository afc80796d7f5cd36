import type Stripe from 'stripe';
import { onSubscriptionEvent } from '@/lib/billing/webhook-events';

export const handle = (event: Stripe.CustomerSubscriptionCreatedEvent) => onSubscriptionEvent(event);
