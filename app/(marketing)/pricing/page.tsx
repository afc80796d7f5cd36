import type { Metadata } from 'next';
import { PricingTable } from '@/components/billing/pricing-table';
import { currentUser } from '@/lib/auth/session';
import { listPlanPrices } from '@/lib/billing/plans';
import { liveSubscriptionOf } from '@/lib/billing/subscriptions';

export const metadata: Metadata = { title: 'Pricing' };

export default async function PricingPage() {
  const user = await currentUser();
  const [plans, live] = await Promise.all([listPlanPrices(), user ? liveSubscriptionOf(user.id) : null]);
  // A checkout still waiting for payment is not a plan yet.
  const current = live && live.status !== 'incomplete' ? live : null;
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Plans and pricing</h1>
      <p className="max-w-2xl text-ink-muted">
        {current
          ? `You are on ${current.planName}, billed every ${current.interval}. Switch at any time: upgrades are prorated, downgrades wait for the end of the paid period.`
          : 'Pay monthly or save with yearly billing. Cancel any time.'}
      </p>
      {plans.length === 0 ? (
        <p className="text-ink-muted">No plans are on sale right now.</p>
      ) : (
        <PricingTable plans={plans} signedIn={!!user} currentPriceId={current?.priceId ?? null} />
      )}
    </div>
  );
}
