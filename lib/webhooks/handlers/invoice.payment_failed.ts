import type Stripe from 'stripe';
import { onInvoicePaymentFailed } from '@/lib/billing/webhook-events';

export const handle = (event: Stripe.InvoicePaymentFailedEvent) => onInvoicePaymentFailed(event);
