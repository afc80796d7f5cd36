'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { Detail, DetailList } from '@/components/ui/details';
import { formatMoney } from '@/lib/money';
import type { PaymentView } from '@/lib/payments/history';
import { isSettledForDisplay } from '@/lib/payments/status';
import { formatLocalDateTime } from './format';
import { StatusBadge } from './status-badge';

async function fetchPayment(id: string): Promise<PaymentView> {
  const res = await fetch(`/api/payments/${id}`, { cache: 'no-store' });
  if (!res.ok) throw new Error('Could not load the payment.');
  return (await res.json()) as PaymentView;
}

const HEADINGS: Record<string, string> = {
  succeeded: 'Payment successful',
  refunded: 'Payment refunded',
  partially_refunded: 'Payment partially refunded',
  failed: 'Payment failed',
  canceled: 'Payment canceled',
  requires_action: 'Authentication needed',
};

// Straight after checkout a "failed" row may be an earlier attempt on the same payment whose
// retry's webhook is still on its way: keep asking for a while before showing it as final.
const CHECKOUT_GRACE_MS = 15_000;

/** Shows a payment and polls until it settles; the server re-checks Stripe if a webhook is late. */
export function PaymentStatusPanel({ initial, justConfirmed = false }: { initial: PaymentView; justConfirmed?: boolean }) {
  const [openedAt] = useState(() => Date.now());
  const { data, isError } = useQuery({
    queryKey: ['payment', initial.id],
    queryFn: () => fetchPayment(initial.id),
    initialData: initial,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      const mayStillChange =
        justConfirmed && (status === 'failed' || status === 'requires_action') && Date.now() - openedAt < CHECKOUT_GRACE_MS;
      if (status && isSettledForDisplay(status) && !mayStillChange) return false;
      // Quick at first (a webhook usually lands within a second), then gentler.
      return Date.now() - openedAt < 5_000 ? 300 : 1_000;
    },
  });
  const p = data ?? initial;
  const settled = isSettledForDisplay(p.status);
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <h1 className="text-2xl font-bold">{HEADINGS[p.status] ?? 'Processing your payment…'}</h1>
      <Card>
        <div role="status" aria-live="polite" className="space-y-4">
          <div className="flex items-center justify-between">
            <span className="text-3xl font-semibold">{formatMoney(p.amount, p.currency)}</span>
            <StatusBadge status={p.status} />
          </div>
          <DetailList spacing="compact">
            <Detail label="For">{p.description ?? 'Payment'}</Detail>
            {p.card ? (
              <Detail label="Card">
                {p.card.brand} •••• {p.card.last4}
              </Detail>
            ) : null}
            {p.amountRefunded > 0 ? <Detail label="Refunded">{formatMoney(p.amountRefunded, p.currency)}</Detail> : null}
            <Detail label="Date">{formatLocalDateTime(p.createdAt)}</Detail>
          </DetailList>
          {!settled ? (
            <p className="text-sm text-ink-muted">We are confirming your payment with the bank. This page updates by itself.</p>
          ) : null}
          {p.status === 'failed' ? <Alert tone="error">{p.errorMessage ?? 'Your payment was not completed.'}</Alert> : null}
          {p.status === 'requires_action' ? (
            <Alert tone="warning">Your bank needs you to confirm this payment. Please try again from the checkout.</Alert>
          ) : null}
          {isError ? <Alert tone="warning">We could not refresh this payment. Retrying…</Alert> : null}
        </div>
      </Card>
      <div className="flex gap-6">
        {p.receiptUrl ? (
          <a href={p.receiptUrl} target="_blank" rel="noopener noreferrer">
            View receipt
          </a>
        ) : null}
        {p.status === 'failed' || p.status === 'canceled' ? <Link href="/pay">Try another card</Link> : null}
        <Link href="/payments">All payments</Link>
      </div>
    </div>
  );
}
