'use client';

import { PaymentElement } from '@stripe/react-stripe-js';
import { useRouter } from 'next/navigation';
import { useElementsSubmit } from '@/components/stripe/use-elements-submit';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/http/action-result';
import type { IntentData, PaymentAccount } from './types';

type Props = {
  total: string;
  disabled: boolean;
  save: boolean;
  /** Saving a card needs the primary account's customer. */
  canSave?: boolean;
  onSaveChange: (save: boolean) => void;
  /** The account whose Stripe.js this form's card fields belong to. */
  account?: PaymentAccount;
  /** The payment went to the other account: the form is re-mounted for it. */
  onAccountChange?: (account: PaymentAccount) => void;
  startPayment: () => Promise<ActionResult<IntentData>>;
};

/** The Payment Element and the Pay button; card data stays inside Stripe's iframe. */
export function CardPaymentForm({
  total,
  disabled,
  save,
  canSave = true,
  onSaveChange,
  account = 'primary',
  onAccountChange,
  startPayment,
}: Props) {
  const router = useRouter();
  const form = useElementsSubmit(async (stripe, elements) => {
    const { error: fieldError } = await elements.submit();
    if (fieldError) return fieldError.message ?? 'Check your card details.';
    const started = await startPayment();
    if (!started.ok) return started.error.message;
    const { paymentId, clientSecret } = started.data;
    if (!clientSecret) return 'This payment cannot be completed. Please start again.';
    // Another account took the payment: these card fields cannot confirm it; the parent mounts that account's form.
    if (started.data.account !== account && onAccountChange) return onAccountChange(started.data.account);
    const result = await stripe.confirmPayment({
      elements,
      clientSecret,
      confirmParams: { return_url: `${window.location.origin}/payments/${paymentId}?from=checkout` },
      redirect: 'if_required',
    });
    // A decline or a failed authentication: the same payment can be retried with another card.
    if (result.error) return result.error.message ?? 'Your payment could not be completed.';
    router.push(`/payments/${paymentId}?from=checkout`);
  });

  return (
    <form onSubmit={form.onSubmit} className="space-y-4" aria-busy={form.busy}>
      <PaymentElement onReady={form.onReady} />
      {!form.ready ? <p className="text-sm text-ink-muted">Loading secure card form…</p> : null}
      {canSave ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={save} onChange={(e) => onSaveChange(e.target.checked)} />
          Save this card for next time
        </label>
      ) : null}
      {form.error ? <Alert tone="error">{form.error}</Alert> : null}
      <Button type="submit" className="w-full" disabled={!form.stripe || !form.ready || form.busy || disabled}>
        {form.busy ? 'Processing…' : `Pay ${total}`}
      </Button>
    </form>
  );
}
