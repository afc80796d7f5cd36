// Every /v1 route the emulator serves, in matching order.
import { chargeRoutes } from './resources/charges';
import { customerRoutes } from './resources/customers';
import { disputeRoutes } from './resources/disputes';
import { eventRoutes } from './resources/events';
import { invoiceItemRoutes } from './resources/invoice-items';
import { invoicePaymentRoutes } from './resources/invoice-payments';
import { invoicePreviewRoutes } from './resources/invoice-preview';
import { invoiceRoutes } from './resources/invoices';
import { paymentIntentRoutes } from './resources/payment-intents';
import { paymentMethodRoutes } from './resources/payment-methods';
import { priceRoutes } from './resources/prices';
import { productRoutes } from './resources/products';
import { refundRoutes } from './resources/refunds';
import { searchRoutes } from './resources/search';
import { setupIntentRoutes } from './resources/setup-intents';
import { subscriptionItemRoutes } from './resources/subscription-items';
import { subscriptionRoutes } from './resources/subscriptions';
import { testClockRoutes } from './resources/test-clocks';
import { webhookEndpointRoutes } from './resources/webhook-endpoints';
import type { Route } from './wire/router';

export function apiRoutes(): Route[] {
  return [
    // /search must win over /:id.
    ...searchRoutes,
    ...customerRoutes,
    ...paymentMethodRoutes,
    ...paymentIntentRoutes,
    ...setupIntentRoutes,
    ...chargeRoutes,
    ...refundRoutes,
    ...disputeRoutes,
    ...productRoutes,
    ...priceRoutes,
    ...subscriptionRoutes,
    ...subscriptionItemRoutes,
    // create_preview must win over /v1/invoices/:id.
    ...invoicePreviewRoutes,
    ...invoiceRoutes,
    ...invoiceItemRoutes,
    ...invoicePaymentRoutes,
    ...eventRoutes,
    ...webhookEndpointRoutes,
    ...testClockRoutes,
  ];
}
