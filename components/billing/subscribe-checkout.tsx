'use client';

import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { useRouter } from 'next/navigation';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { formatMoney } from '@/components/money';
import { newKey } from '@/components/payments/new-key';
import { getStripe, type StripeBrowserConfig } from '@/components/stripe/load-stripe';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
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
  const stripe = useStripe();
  const elements = useElements();
  const router = useRouter();
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  // One key per checkout: a double submit or a retry after a decline reuses the same subscription.
  const key = useRef(newKey());

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!stripe || !elements || running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      const { error: fieldError } = await elements.submit();
      if (fieldError) return setError(fieldError.message ?? 'Check your card details.');
      const started = await startSubscription(plan.priceId, key.current);
      if (!started.ok) return setError(started.error.message);
      const { confirm } = started.data;
      // Where the bank's redirect (if any) lands; the billing page re-reads the subscription from Stripe, it trusts nothing in the URL.
      const confirmParams = { return_url: `${window.location.origin}/billing?checkout=return` };
      if (confirm?.kind === 'payment') {
        const result = await stripe.confirmPayment({ elements, clientSecret: confirm.clientSecret, confirmParams, redirect: 'if_required' });
        if (result.error) return setError(result.error.message ?? 'Your payment could not be completed.');
      } else if (confirm?.kind === 'setup') {
        const result = await stripe.confirmSetup({ elements, clientSecret: confirm.clientSecret, confirmParams, redirect: 'if_required' });
        if (result.error) return setError(result.error.message ?? 'Your card could not be saved.');
      }
      router.push('/billing?checkout=return');
    } finally {
      running.current = false;
      setBusy(false);
    }
  };

  const label = trialDays ? `Start ${trialDays}-day free trial` : `Subscribe for ${formatMoney(plan.unitAmount, plan.currency)}`;
  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-busy={busy}>
      <PaymentElement onReady={() => setReady(true)} />
      {!ready ? <p className="text-sm text-ink-muted">Loading secure card form…</p> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button type="submit" className="w-full" disabled={!stripe || !ready || busy}>
        {busy ? 'Processing…' : label}
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
