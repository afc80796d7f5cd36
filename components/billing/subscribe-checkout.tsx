'use client';

import { Elements, PaymentElement } from '@stripe/react-stripe-js';
import { useRouter } from 'next/navigation';
import { useMemo, useRef } from 'react';
import { newKey } from '@/components/payments/new-key';
import { getStripe, type StripeBrowserConfig } from '@/components/stripe/load-stripe';
import { useElementsSubmit } from '@/components/stripe/use-elements-submit';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { formatMoney } from '@/lib/money';
import { priceLabel } from './format';
import type { ActionResult, PlanPrice, StartResult } from './types';

type Props = {
  plan: PlanPrice;
  /** The trial this customer would get (null when already used). */
  trialDays: number | null;
  stripeConfig: StripeBrowserConfig;
  startSubscription: (priceId: string, key: string) => Promise<ActionResult<StartResult>>;
};

function SubscribeForm({ plan, trialDays, startSubscription }: Omit<Props, 'stripeConfig'>) {
  const router = useRouter();
  // One key per checkout: a double submit or a retry after a decline reuses the same subscription.
  const key = useRef(newKey());

  const form = useElementsSubmit(async (stripe, elements) => {
    const { error: fieldError } = await elements.submit();
    if (fieldError) return fieldError.message ?? 'Check your card details.';
    const started = await startSubscription(plan.priceId, key.current);
    if (!started.ok) return started.error.message;
    const { confirm } = started.data;
    // Where the bank's redirect (if any) lands; the billing page re-reads the subscription from Stripe, it trusts nothing in the URL.
    const confirmParams = { return_url: `${window.location.origin}/billing?checkout=return` };
    if (confirm?.kind === 'payment') {
      const result = await stripe.confirmPayment({ elements, clientSecret: confirm.clientSecret, confirmParams, redirect: 'if_required' });
      if (result.error) return result.error.message ?? 'Your payment could not be completed.';
    } else if (confirm?.kind === 'setup') {
      const result = await stripe.confirmSetup({ elements, clientSecret: confirm.clientSecret, confirmParams, redirect: 'if_required' });
      if (result.error) return result.error.message ?? 'Your card could not be saved.';
    }
    router.push('/billing?checkout=return');
  });

  const label = trialDays ? `Start ${trialDays}-day free trial` : `Subscribe for ${formatMoney(plan.unitAmount, plan.currency)}`;
  return (
    <form onSubmit={form.onSubmit} className="space-y-4" aria-busy={form.busy}>
      <PaymentElement onReady={form.onReady} />
      {!form.ready ? <p className="text-sm text-ink-muted">Loading secure card form…</p> : null}
      {form.error ? <Alert tone="error">{form.error}</Alert> : null}
      <Button type="submit" className="w-full" disabled={!form.stripe || !form.ready || form.busy}>
        {form.busy ? 'Processing…' : label}
      </Button>
      <p className="text-xs text-ink-muted">
        {trialDays
          ? `Nothing is charged today. After ${trialDays} days you pay ${priceLabel(plan.unitAmount, plan.currency, plan.interval, plan.intervalCount)} until you cancel.`
          : `You pay ${priceLabel(plan.unitAmount, plan.currency, plan.interval, plan.intervalCount)} until you cancel. Cancel any time from the billing page.`}
      </p>
    </form>
  );
}

/** Checkout of one plan: the Payment Element (deferred), then the subscription's first invoice (or the trial's SetupIntent) is confirmed. */
export function SubscribeCheckout({ plan, trialDays, stripeConfig, startSubscription }: Props) {
  const stripePromise = useMemo(() => getStripe(stripeConfig), [stripeConfig]);
  const options = trialDays
    ? { mode: 'setup' as const, currency: plan.currency, allowedPaymentMethodTypes: ['card'] }
    : { mode: 'subscription' as const, amount: plan.unitAmount, currency: plan.currency, allowedPaymentMethodTypes: ['card'] };
  return (
    <Elements stripe={stripePromise} options={options}>
      <SubscribeForm plan={plan} trialDays={trialDays} startSubscription={startSubscription} />
    </Elements>
  );
}
