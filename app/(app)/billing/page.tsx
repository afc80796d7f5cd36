import type { Metadata } from 'next';
import Link from 'next/link';
import { BillingDashboard } from '@/components/billing/billing-dashboard';
import { userForPage } from '@/lib/auth/page-guards';
import { billingOverview } from '@/lib/billing/overview';
import { listPlanPrices } from '@/lib/billing/plans';
import { stripeBrowserConfig } from '@/lib/stripe/browser-config';
import {
  cancelSubscriptionAction,
  changePlanAction,
  finishCardUpdateAction,
  openInvoicePaymentAction,
  previewPlanChangeAction,
  refreshSubscriptionAction,
  resumeSubscriptionAction,
  startCardUpdateAction,
} from './actions';

export const metadata: Metadata = { title: 'Billing' };

export default async function BillingPage({
  searchParams,
}: {
  searchParams: Promise<{
    change?: string | string[];
    checkout?: string | string[];
    setup_intent?: string | string[];
    redirect_status?: string | string[];
  }>;
}) {
  const user = await userForPage();
  const { change, checkout, setup_intent: setupIntent, redirect_status: redirectStatus } = await searchParams;
  const [overview, plans] = await Promise.all([billingOverview(user, user.id, { refresh: true }), listPlanPrices()]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="text-2xl font-bold">Billing</h1>
        <nav aria-label="Billing" className="flex gap-6 text-sm">
          <Link href="/pricing">Plans</Link>
          <Link href="/billing/insights">Spending insights</Link>
        </nav>
      </div>
      <BillingDashboard
        initial={overview}
        plans={plans}
        stripeConfig={stripeBrowserConfig()}
        preselect={typeof change === 'string' ? change : undefined}
        checkoutReturn={checkout === 'return'}
        returnedSetupIntent={
          checkout !== 'return' && typeof setupIntent === 'string' && redirectStatus === 'succeeded' ? setupIntent : undefined
        }
        actions={{
          previewPlanChange: previewPlanChangeAction,
          changePlan: changePlanAction,
          cancel: cancelSubscriptionAction,
          resume: resumeSubscriptionAction,
          startCardUpdate: startCardUpdateAction,
          finishCardUpdate: finishCardUpdateAction,
          openInvoicePayment: openInvoicePaymentAction,
          refresh: refreshSubscriptionAction,
        }}
      />
    </div>
  );
}
