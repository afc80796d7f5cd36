'use client';

import { Elements } from '@stripe/react-stripe-js';
import { useMemo, useRef, useState } from 'react';
import type { StripeBrowserConfig } from '@/components/stripe/load-stripe';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { formatMoney } from '@/lib/money';
import { stripeForAccount } from './account-stripe';
import { CardPaymentForm } from './card-payment-form';
import { newKey } from './new-key';
import { SavedCardList } from './saved-card-list';
import type { CatalogOption, CreatePayment, IntentData, PayWithSavedCard, PaymentAccount, SavedCard } from './types';

export type Attempt = { key: string; selection: string; intent?: IntentData };

type Props = {
  catalog: CatalogOption[];
  savedCards: SavedCard[];
  stripeConfig: StripeBrowserConfig;
  /** The backup account's Stripe.js config, when one is configured. */
  fallbackStripeConfig?: StripeBrowserConfig | null;
  /** The account a payment started now would go to (the fallback while the primary is down). */
  initialAccount?: PaymentAccount;
  /** Neither account takes payments right now. */
  unavailable?: boolean;
  createPayment: CreatePayment;
  payWithSavedCard: PayWithSavedCard;
};

// Answers that mean the payment never got a client secret: the next click may start afresh (possibly on the other account).
const OUTAGE_CODES = new Set(['stripe_unavailable', 'stripe_timeout']);

/** Product, quantity and payment: a new card through the Payment Element, or a saved card in one click. */
export function Checkout({
  catalog,
  savedCards,
  stripeConfig,
  fallbackStripeConfig = null,
  initialAccount = 'primary',
  unavailable = false,
  createPayment,
  payWithSavedCard,
}: Props) {
  const [priceId, setPriceId] = useState(catalog[0]!.priceId);
  const [quantityText, setQuantityText] = useState('1');
  const [save, setSave] = useState(false);
  const [account, setAccount] = useState<PaymentAccount>(fallbackStripeConfig ? initialAccount : 'primary');
  const accountConfig = account === 'fallback' && fallbackStripeConfig ? fallbackStripeConfig : stripeConfig;
  const stripePromise = useMemo(() => stripeForAccount(account, accountConfig), [account, accountConfig]);
  const primaryStripe = useMemo(() => stripeForAccount('primary', stripeConfig), [stripeConfig]);
  const item = catalog.find((c) => c.priceId === priceId) ?? catalog[0]!;
  const quantity = Number(quantityText);
  const quantityError = Number.isInteger(quantity) && quantity >= 1 && quantity <= 100 ? null : 'Choose a whole number from 1 to 100.';
  const total = quantityError ? item.unitAmount : item.unitAmount * quantity;
  const selection = `${priceId}:${quantity}:${save}`;

  // One attempt per selection: its key makes a double submit or a retry reuse the same payment.
  const attempt = useRef<Attempt | null>(null);
  const currentAttempt = (kind: string): Attempt => {
    const wanted = `${kind}:${selection}`;
    if (!attempt.current || attempt.current.selection !== wanted) attempt.current = { key: newKey(), selection: wanted };
    return attempt.current;
  };
  const startPayment = async (kind: 'card' | 'saved') => {
    const current = currentAttempt(kind);
    if (current.intent) return { ok: true as const, data: current.intent };
    const result = await createPayment(
      { priceId, quantity, savePaymentMethod: kind === 'card' && save && account === 'primary' },
      current.key,
    );
    if (result.ok) current.intent = result.data;
    else if (OUTAGE_CODES.has(result.error.code)) attempt.current = null;
    return result;
  };

  return (
    <div className="grid gap-6 md:grid-cols-[1fr_1fr]">
      <Card title="1. Choose a pack">
        <fieldset className="space-y-2">
          <legend className="sr-only">Credit pack</legend>
          {catalog.map((c) => (
            <label
              key={c.priceId}
              className="flex cursor-pointer items-center gap-3 rounded-md border border-gray-200 p-3 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
            >
              <input
                type="radio"
                name="price"
                value={c.priceId}
                aria-label={`${c.name}, ${formatMoney(c.unitAmount, c.currency)}`}
                checked={priceId === c.priceId}
                onChange={() => setPriceId(c.priceId)}
              />
              <span className="flex-1">
                <span className="block font-medium">{c.name}</span>
                {c.description ? <span className="block text-sm text-ink-muted">{c.description}</span> : null}
              </span>
              <span className="font-semibold">{formatMoney(c.unitAmount, c.currency)}</span>
            </label>
          ))}
        </fieldset>
        <div className="mt-4 space-y-1">
          <label htmlFor="quantity" className="block text-sm font-medium">
            Quantity
          </label>
          <input
            id="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            value={quantityText}
            onChange={(e) => setQuantityText(e.target.value)}
            aria-invalid={quantityError ? true : undefined}
            aria-describedby={quantityError ? 'quantity-error' : undefined}
            className="w-28 rounded-md border border-gray-300 px-3 py-2 text-sm"
          />
          {quantityError ? (
            <p id="quantity-error" className="text-sm text-danger-700">
              {quantityError}
            </p>
          ) : null}
        </div>
        <p className="mt-4 text-lg" aria-live="polite">
          Total: <strong data-testid="checkout-total">{formatMoney(total, item.currency)}</strong>
        </p>
      </Card>
      <div className="space-y-6">
        {unavailable ? (
          <Alert tone="warning">Payments are temporarily unavailable. Please try again in a few minutes; you have not been charged.</Alert>
        ) : null}
        {account === 'fallback' ? (
          <Alert tone="warning">
            Our main payment processor is unavailable, so this payment goes through our backup processor: please enter your card details
            below. Saved cards cannot be used until it is back.
          </Alert>
        ) : null}
        {savedCards.length > 0 && account === 'primary' ? (
          <SavedCardList
            cards={savedCards}
            total={formatMoney(total, item.currency)}
            disabled={!!quantityError}
            stripePromise={primaryStripe}
            startPayment={() => startPayment('saved')}
            payWithSavedCard={payWithSavedCard}
          />
        ) : null}
        <Card title={savedCards.length > 0 && account === 'primary' ? 'Or pay with a new card' : '2. Pay'}>
          {/* Keyed by account: card details typed into one account's Elements can only be confirmed by that account. */}
          <Elements
            key={account}
            stripe={stripePromise}
            options={{
              mode: 'payment',
              amount: total,
              currency: item.currency,
              allowedPaymentMethodTypes: ['card'],
              ...(save && account === 'primary' ? { setupFutureUsage: 'on_session' as const } : {}),
            }}
          >
            <CardPaymentForm
              total={formatMoney(total, item.currency)}
              disabled={!!quantityError}
              save={save && account === 'primary'}
              canSave={account === 'primary'}
              onSaveChange={setSave}
              account={account}
              onAccountChange={setAccount}
              startPayment={() => startPayment('card')}
            />
          </Elements>
        </Card>
      </div>
    </div>
  );
}
