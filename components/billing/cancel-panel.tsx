'use client';

import { useRef, useState } from 'react';
import { newKey } from '@/components/payments/new-key';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { DateText } from './date-text';
import type { BillingActions, Outcome, SubscriptionView } from './types';

type Props = {
  subscription: SubscriptionView;
  actions: Pick<BillingActions, 'cancel' | 'resume'>;
  onDone: (outcome: Outcome) => void;
};

/** Cancel at the end of the period (asked twice, with the date), or resume a scheduled cancellation. */
export function CancelPanel({ subscription: s, actions, onDone }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newKey());
  const endsAt = s.cancelAt ?? s.currentPeriodEnd;

  const run = async (resume: boolean) => {
    setBusy(true);
    setError(null);
    const result = resume ? await actions.resume(s.id, key.current) : await actions.cancel(s.id, key.current);
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    key.current = newKey();
    setConfirming(false);
    onDone({
      tone: 'success',
      message: resume ? 'Your subscription will renew as usual.' : 'Your subscription is cancelled and ends at the end of the period.',
    });
  };

  if (s.cancelAtPeriodEnd) {
    return (
      <div className="space-y-3">
        <p className="text-sm">
          Your subscription ends on <DateText iso={endsAt} />.
        </p>
        {error ? <Alert tone="error">{error}</Alert> : null}
        {confirming ? (
          <div className="space-y-3 rounded-md border border-gray-200 p-4">
            <p className="text-sm">
              Resume your subscription? It renews on <DateText iso={s.currentPeriodEnd} /> and you are charged as before.
            </p>
            <div className="flex gap-3">
              <Button type="button" onClick={() => run(true)} disabled={busy}>
                {busy ? 'Resuming…' : 'Yes, resume'}
              </Button>
              <Button type="button" variant="secondary" onClick={() => setConfirming(false)} disabled={busy}>
                Back
              </Button>
            </div>
          </div>
        ) : (
          <Button type="button" onClick={() => setConfirming(true)}>
            Resume subscription
          </Button>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {confirming ? (
        <div className="space-y-3 rounded-md border border-danger-600/30 bg-danger-50 p-4">
          <p className="text-sm">
            Your plan stays active until <DateText iso={s.currentPeriodEnd} />, then ends. You will not be charged again.
          </p>
          <div className="flex gap-3">
            <Button type="button" variant="danger" onClick={() => run(false)} disabled={busy}>
              {busy ? 'Cancelling…' : 'Yes, cancel at period end'}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setConfirming(false)} disabled={busy}>
              Keep subscription
            </Button>
          </div>
        </div>
      ) : (
        <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
          Cancel subscription
        </Button>
      )}
    </div>
  );
}
