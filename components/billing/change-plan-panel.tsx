'use client';

import type { Stripe } from '@stripe/stripe-js';
import { useRef, useState } from 'react';
import { newKey } from '@/components/payments/new-key';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { formatMoney } from '@/lib/money';
import { DateText } from './date-text';
import { priceLabel } from './format';
import { authenticatePayment } from './next-action';
import type { BillingActions, Outcome, PlanChangePreview, PlanPrice, SubscriptionView } from './types';

type Props = {
  subscription: SubscriptionView;
  plans: PlanPrice[];
  preselect?: string;
  stripePromise: Promise<Stripe | null>;
  actions: Pick<BillingActions, 'previewPlanChange' | 'changePlan' | 'refresh'>;
  onDone: (outcome: Outcome) => void;
};

/** Pick another plan, see what Stripe would bill (the proration preview), then confirm. */
export function ChangePlanPanel({ subscription, plans, preselect, stripePromise, actions, onDone }: Props) {
  const choices = plans.filter((p) => p.priceId !== subscription.priceId && p.currency === subscription.currency);
  const [priceId, setPriceId] = useState(choices.find((p) => p.priceId === preselect)?.priceId ?? choices[0]?.priceId ?? '');
  const [preview, setPreview] = useState<PlanChangePreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newKey());

  if (choices.length === 0) return <p className="text-sm text-ink-muted">There is no other plan to switch to.</p>;

  const choose = (id: string) => {
    setPriceId(id);
    setPreview(null);
    setError(null);
  };

  const showPreview = async () => {
    setBusy(true);
    setError(null);
    const result = await actions.previewPlanChange(subscription.id, priceId);
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    key.current = newKey();
    setPreview(result.data);
  };

  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    setError(null);
    const result = await actions.changePlan(
      subscription.id,
      { priceId: preview.to.priceId, ...(preview.prorationDate ? { prorationDate: preview.prorationDate } : {}) },
      key.current,
    );
    if (!result.ok) {
      setBusy(false);
      return setError(result.error.message);
    }
    const payment = result.data.payment;
    let failure: string | null = null;
    if (payment?.status === 'requires_action' && payment.clientSecret)
      failure = await authenticatePayment(stripePromise, payment.clientSecret);
    else if (payment?.status === 'failed') failure = payment.message ?? 'Your card was declined.';
    await actions.refresh(subscription.id);
    setBusy(false);
    setPreview(null);
    if (failure)
      return onDone({
        tone: 'error',
        message: `Your plan changed, but the payment failed: ${failure} Update your card to pay the open invoice.`,
      });
    onDone({
      tone: 'success',
      message:
        preview.timing === 'now'
          ? `You are now on ${preview.to.planName}.`
          : `Your plan changes to ${preview.to.planName} at the end of the current period.`,
    });
  };

  return (
    <div className="space-y-4">
      <fieldset className="space-y-2">
        <legend className="mb-2 text-sm font-medium">New plan</legend>
        {choices.map((p) => (
          <label
            key={p.priceId}
            className="flex cursor-pointer items-center gap-3 rounded-md border border-gray-200 p-3 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
          >
            <input type="radio" name="new-plan" value={p.priceId} checked={priceId === p.priceId} onChange={() => choose(p.priceId)} />
            <span className="flex-1 font-medium">
              {p.planName} ({p.interval === 'year' ? 'yearly' : 'monthly'})
            </span>
            <span>{priceLabel(p.unitAmount, p.currency, p.interval, p.intervalCount)}</span>
          </label>
        ))}
      </fieldset>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {preview ? (
        <div className="space-y-3 rounded-md border border-gray-200 p-4" data-testid="plan-change-preview">
          {preview.chargedNow ? (
            <p>
              Switching to <strong>{preview.to.planName}</strong> now. You will be charged{' '}
              <strong data-testid="preview-amount">{formatMoney(preview.amountDue, preview.currency)}</strong> today for the rest of this
              period (prorated).
            </p>
          ) : (
            <p>
              No charge today. From <DateText iso={preview.billedAt} /> you will pay{' '}
              <strong data-testid="preview-amount">{formatMoney(preview.amountDue, preview.currency)}</strong> for{' '}
              <strong>{preview.to.planName}</strong>
              {preview.timing === 'period_end' ? ` and keep ${subscription.planName} until then` : ''}.
            </p>
          )}
          <ul className="space-y-1 text-sm text-ink-muted">
            {preview.lines.map((l, i) => (
              <li key={i} className="flex justify-between gap-4">
                <span>{l.description}</span>
                <span>{formatMoney(l.amount, preview.currency)}</span>
              </li>
            ))}
          </ul>
          <div className="flex gap-3">
            <Button type="button" onClick={confirm} disabled={busy}>
              {busy ? 'Changing…' : `Confirm change to ${preview.to.planName}`}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setPreview(null)} disabled={busy}>
              Back
            </Button>
          </div>
        </div>
      ) : (
        <Button type="button" variant="secondary" onClick={showPreview} disabled={busy || !priceId}>
          {busy ? 'Calculating…' : 'Preview change'}
        </Button>
      )}
    </div>
  );
}
