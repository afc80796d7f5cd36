// Types the billing components share with the server (type-only imports: nothing server-side is bundled).
import type { ActionResult } from '@/lib/http/action-result';
import type { CardUpdateResult } from '@/lib/billing/card';
import type { PlanChangeInput, PlanChangePreview, PlanChangeResult } from '@/lib/billing/change-plan';
import type { InvoicePaymentOutcome } from '@/lib/billing/invoice-payment';
import type { BillingOverview } from '@/lib/billing/overview';
import type { PlanPrice } from '@/lib/billing/plans';
import type { StartResult } from '@/lib/billing/start';
import type { InvoiceView, SubscriptionView } from '@/lib/billing/views';

export type {
  ActionResult,
  BillingOverview,
  CardUpdateResult,
  InvoicePaymentOutcome,
  InvoiceView,
  PlanChangePreview,
  PlanChangeResult,
  PlanPrice,
  StartResult,
  SubscriptionView,
};

/** How a billing action ended, as the dashboard announces it. */
export type Outcome = { tone: 'success' | 'error'; message: string };

/** The server actions the billing dashboard calls, passed down as props by the page. */
export type BillingActions = {
  previewPlanChange: (subscriptionId: string, priceId: string) => Promise<ActionResult<PlanChangePreview>>;
  changePlan: (subscriptionId: string, input: PlanChangeInput, key: string) => Promise<ActionResult<PlanChangeResult>>;
  cancel: (subscriptionId: string, key: string) => Promise<ActionResult<SubscriptionView>>;
  resume: (subscriptionId: string, key: string) => Promise<ActionResult<SubscriptionView>>;
  startCardUpdate: (subscriptionId: string, key: string) => Promise<ActionResult<{ clientSecret: string }>>;
  finishCardUpdate: (subscriptionId: string, setupIntentId: string, key: string) => Promise<ActionResult<CardUpdateResult>>;
  openInvoicePayment: (subscriptionId: string) => Promise<ActionResult<InvoicePaymentOutcome>>;
  refresh: (subscriptionId: string) => Promise<ActionResult<SubscriptionView>>;
};
