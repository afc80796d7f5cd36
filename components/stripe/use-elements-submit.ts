'use client';

import { useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe, StripeElements } from '@stripe/stripe-js';
import { useRef, useState, type FormEvent } from 'react';

/**
 * The submit handler of a Payment Element form: it runs once at a time (a double click is
 * ignored), is busy meanwhile, and shows the error message `submit` returns. `ready` turns true
 * when the Payment Element has loaded (pass `onReady` to it).
 */
export function useElementsSubmit(submit: (stripe: Stripe, elements: StripeElements) => Promise<string | null | void>) {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!stripe || !elements || running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      const message = await submit(stripe, elements);
      if (message) setError(message);
    } finally {
      running.current = false;
      setBusy(false);
    }
  };

  return { stripe, ready, onReady: () => setReady(true), busy, error, onSubmit };
}
