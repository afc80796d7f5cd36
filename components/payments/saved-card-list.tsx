'use client';

import type { Stripe } from '@stripe/stripe-js';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import type { ActionResult } from '@/lib/http/action-result';
import { newKey } from './new-key';
import type { IntentData, PayWithSavedCard, SavedCard } from './types';

type Props = {
  cards: SavedCard[];
  total: string;
  disabled: boolean;
  stripePromise: Promise<Stripe | null>;
  startPayment: () => Promise<ActionResult<IntentData>>;
  payWithSavedCard: PayWithSavedCard;
};

const brandName = (brand: string) => brand.charAt(0).toUpperCase() + brand.slice(1);

/** One-click pay with a saved card: confirmed on the server, 3-D Secure finished in the browser. */
export function SavedCardList({ cards, total, disabled, stripePromise, startPayment, payWithSavedCard }: Props) {
  const router = useRouter();
  const [busyCard, setBusyCard] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);

  const pay = async (card: SavedCard) => {
    if (busy.current) return;
    busy.current = true;
    setBusyCard(card.id);
    setError(null);
    try {
      const started = await startPayment();
      if (!started.ok) return setError(started.error.message);
      const confirmed = await payWithSavedCard(started.data.paymentId, card.id, newKey());
      if (!confirmed.ok) return setError(confirmed.error.message);
      if (confirmed.data.status === 'requires_action' && confirmed.data.clientSecret) {
        const stripe = await stripePromise;
        const result = await stripe?.handleNextAction({ clientSecret: confirmed.data.clientSecret });
        if (result?.error) return setError(result.error.message ?? 'Authentication failed.');
      }
      router.push(`/payments/${started.data.paymentId}?from=checkout`);
    } finally {
      busy.current = false;
      setBusyCard(null);
    }
  };

  return (
    <Card title="Pay with a saved card">
      <ul className="space-y-2">
        {cards.map((card) => (
          <li key={card.id}>
            <Button
              variant="secondary"
              className="w-full justify-between"
              disabled={disabled || busyCard !== null}
              onClick={() => pay(card)}
            >
              <span>
                {brandName(card.brand)} •••• {card.last4}{' '}
                <span className="text-ink-muted">
                  ({String(card.expMonth).padStart(2, '0')}/{String(card.expYear).slice(-2)})
                </span>
              </span>
              <span>{busyCard === card.id ? 'Processing…' : `Pay ${total}`}</span>
            </Button>
          </li>
        ))}
      </ul>
      {error ? (
        <div className="mt-3">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
    </Card>
  );
}
