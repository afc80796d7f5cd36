import type Stripe from 'stripe';
import { onTrialWillEnd } from '@/lib/billing/webhook-events';

export const handle = (event: Stripe.CustomerSubscriptionTrialWillEndEvent) => onTrialWillEnd(event);
