'use client';

import type { Stripe } from '@stripe/stripe-js';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { formatMoney } from '@/lib/money';
import { CardUpdatePanel } from './card-update-panel';
import { DateText } from './date-text';
import { authenticatePayment } from './next-action';
import type { BillingActions, BillingOverview, Outcome, SubscriptionView } from './types';

type Props = {
  subscription: SubscriptionView;
  dunning: NonNullable<BillingOverview['dunning']>;
  stripePromise: Promise<Stripe | null>;
  actions: BillingActions;
  onDone: (outcome: Outcome) => void;
};

/** Past due: what failed, until when access lasts, and "fix payment" (new card + retry, or 3-D Secure on the open invoice). */
export function DunningBanner({ subscription, dunning, stripePromise, actions, onDone }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const amount = formatMoney(dunning.invoice.amountRemaining, dunning.invoice.currency);

  const authenticate = async () => {
    setBusy(true);
    setError(null);
    const pending = await actions.openInvoicePayment(subscription.id);
    let failure: string | null = pending.ok ? null : pending.error.message;
    if (pending.ok && pending.data.status === 'requires_action' && pending.data.clientSecret)
      failure = await authenticatePayment(stripePromise, pending.data.clientSecret);
    else if (pending.ok && pending.data.status !== 'paid') failure = 'This payment cannot be confirmed any more. Please enter a new card.';
    await actions.refresh(subscription.id);
    setBusy(false);
    if (failure) return setError(failure);
    onDone({ tone: 'success', message: 'Payment confirmed. Thank you!' });
  };

  return (
    <section
      aria-labelledby="dunning-title"
      data-testid="dunning-banner"
      className="space-y-4 rounded-card border border-danger-600/30 bg-danger-50 p-6"
    >
      <h2 id="dunning-title" className="text-lg font-semibold text-danger-700">
        {dunning.needsAuthentication ? 'Your bank needs you to confirm a payment' : 'Your last payment failed'}
      </h2>
      <p className="text-sm">
        {dunning.needsAuthentication
          ? `Please confirm the payment of ${amount} for your ${subscription.planName} plan.`
          : `We could not charge ${amount} for your ${subscription.planName} plan.`}{' '}
        {dunning.graceEndsAt ? (
          <>
            Your access continues until <DateText iso={dunning.graceEndsAt} /> while we retry.
          </>
        ) : (
          'Your access is paused until the payment succeeds.'
        )}
      </p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="flex flex-wrap items-start gap-3">
        {dunning.needsAuthentication ? (
          <Button type="button" onClick={authenticate} disabled={busy}>
            {busy ? 'Confirming…' : 'Confirm payment'}
          </Button>
        ) : null}
        <div className="min-w-0 flex-1">
          <CardUpdatePanel
            subscriptionId={subscription.id}
            mode="fix"
            openLabel="Fix payment"
            amountLabel={amount}
            stripePromise={stripePromise}
            actions={actions}
            onDone={onDone}
          />
        </div>
      </div>
    </section>
  );
}
