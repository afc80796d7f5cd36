import type Stripe from 'stripe';
import { onInvoiceEvent } from '@/lib/billing/webhook-events';

export const handle = (event: Stripe.InvoiceFinalizedEvent) => onInvoiceEvent(event);
