import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { priceLabel } from '@/components/billing/format';
import { SubscribeCheckout } from '@/components/billing/subscribe-checkout';
import { Card } from '@/components/ui/card';
import { userForPage } from '@/lib/auth/page-guards';
import { subscribablePrice } from '@/lib/billing/plans';
import { trialOffer } from '@/lib/billing/start';
import { liveSubscriptionOf } from '@/lib/billing/subscriptions';
import { stripeBrowserConfig } from '@/lib/stripe/browser-config';
import { startSubscriptionAction } from '../actions';

export const metadata: Metadata = { title: 'Subscribe' };

export default async function SubscribePage({ searchParams }: { searchParams: Promise<{ price?: string | string[] }> }) {
  const user = await userForPage();
  const { price } = await searchParams;
  const plan = typeof price === 'string' ? await subscribablePrice(price).catch(() => null) : null;
  if (!plan) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">Subscribe</h1>
        <p>
          This plan is not available. <Link href="/pricing">Choose a plan</Link>
        </p>
      </div>
    );
  }
  const live = await liveSubscriptionOf(user.id);
  // Only an unfinished checkout may be continued here; everything else is managed on /billing.
  const resumable =
    live && (live.status === 'incomplete' || (live.status === 'trialing' && !!live.pendingSetupIntentId && live.priceId === plan.priceId));
  if (live && !resumable) redirect(`/billing?change=${encodeURIComponent(plan.priceId)}`);
  const trialDays = await trialOffer(user, plan);
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-2xl font-bold">Subscribe to {plan.planName}</h1>
      <Card>
        <p className="text-lg">
          <strong>{plan.planName}</strong> · {priceLabel(plan.unitAmount, plan.currency, plan.interval, plan.intervalCount)}
        </p>
        {trialDays ? <p className="mt-1 text-sm text-brand-700">{trialDays}-day free trial, no charge today.</p> : null}
        {plan.description ? <p className="mt-1 text-sm text-ink-muted">{plan.description}</p> : null}
      </Card>
      <Card title="Payment">
        <SubscribeCheckout
          plan={plan}
          trialDays={trialDays}
          stripeConfig={stripeBrowserConfig()}
          startSubscription={startSubscriptionAction}
        />
      </Card>
      <Link href="/pricing">Back to plans</Link>
    </div>
  );
}
