'use client';

import { Elements, PaymentElement } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
import { useRef, useState } from 'react';
import { newKey } from '@/components/payments/new-key';
import { useElementsSubmit } from '@/components/stripe/use-elements-submit';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { authenticatePayment } from './next-action';
import type { BillingActions, CardUpdateResult, Outcome } from './types';

type Props = {
  subscriptionId: string;
  /** `fix`: the card also pays the past-due invoice. */
  mode: 'replace' | 'fix';
  amountLabel?: string;
  /** The button that opens the card form. */
  openLabel: string;
  stripePromise: Promise<Stripe | null>;
  actions: Pick<BillingActions, 'startCardUpdate' | 'finishCardUpdate' | 'refresh'>;
  onDone: (outcome: Outcome) => void;
};

async function outcomeOf(result: CardUpdateResult, stripePromise: Promise<Stripe | null>): Promise<Outcome> {
  const payment = result.payment;
  if (!payment || payment.status === 'open' || payment.status === 'closed') return { tone: 'success', message: 'Your new card is saved.' };
  if (payment.status === 'paid') return { tone: 'success', message: 'Your new card is saved and the payment went through.' };
  if (payment.status === 'failed')
    return { tone: 'error', message: `Your new card is saved, but the payment failed: ${payment.message ?? 'it was declined.'}` };
  const error = payment.clientSecret ? await authenticatePayment(stripePromise, payment.clientSecret) : 'The payment needs authentication.';
  return error ? { tone: 'error', message: error } : { tone: 'success', message: 'Your new card is saved and the payment went through.' };
}

function CardForm({
  submitLabel,
  onConfirmed,
  onClose,
}: {
  submitLabel: string;
  onConfirmed: (setupIntentId: string) => Promise<string | null>;
  onClose: () => void;
}) {
  const form = useElementsSubmit(async (stripe, elements) => {
    const result = await stripe.confirmSetup({
      elements,
      confirmParams: { return_url: `${window.location.origin}/billing` },
      redirect: 'if_required',
    });
    if (result.error) return result.error.message ?? 'Your card could not be saved.';
    return onConfirmed(result.setupIntent.id);
  });

  return (
    <form onSubmit={form.onSubmit} className="space-y-4" aria-busy={form.busy}>
      <PaymentElement onReady={form.onReady} />
      {!form.ready ? <p className="text-sm text-ink-muted">Loading secure card form…</p> : null}
      {form.error ? <Alert tone="error">{form.error}</Alert> : null}
      <div className="flex gap-3">
        <Button type="submit" disabled={!form.stripe || !form.ready || form.busy}>
          {form.busy ? 'Saving…' : submitLabel}
        </Button>
        <Button type="button" variant="secondary" onClick={onClose} disabled={form.busy}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Replaces the subscription's card through a SetupIntent (and, to fix a failed payment, retries the open invoice with it). */
export function CardUpdatePanel({ subscriptionId, mode, amountLabel, openLabel, stripePromise, actions, onDone }: Props) {
  const [clientSecret, setClientSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const finishKey = useRef(newKey());

  const open = async () => {
    setOpening(true);
    setError(null);
    const started = await actions.startCardUpdate(subscriptionId, newKey());
    setOpening(false);
    if (!started.ok) return setError(started.error.message);
    setClientSecret(started.data.clientSecret);
  };

  const onConfirmed = async (setupIntentId: string): Promise<string | null> => {
    const finished = await actions.finishCardUpdate(subscriptionId, setupIntentId, finishKey.current);
    if (!finished.ok) return finished.error.message;
    const outcome = await outcomeOf(finished.data, stripePromise);
    await actions.refresh(subscriptionId);
    setClientSecret(null);
    onDone(outcome);
    return null;
  };

  const title = mode === 'fix' ? 'Update your card and pay' : 'Replace your card';
  if (!clientSecret) {
    return (
      <div className="space-y-3">
        {error ? <Alert tone="error">{error}</Alert> : null}
        <Button type="button" variant={mode === 'fix' ? 'primary' : 'secondary'} onClick={open} disabled={opening}>
          {opening ? 'Opening…' : openLabel}
        </Button>
      </div>
    );
  }
  return (
    <section aria-label={title} className="space-y-3 rounded-md bg-white p-4">
      <h3 className="font-semibold">{title}</h3>
      <Elements stripe={stripePromise} options={{ clientSecret }}>
        <CardForm
          submitLabel={mode === 'fix' ? `Save card and pay${amountLabel ? ` ${amountLabel}` : ''}` : 'Save card'}
          onConfirmed={onConfirmed}
          onClose={() => setClientSecret(null)}
        />
      </Elements>
    </section>
  );
}
