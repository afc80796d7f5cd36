'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import { newKey } from '@/components/payments/new-key';
import { getStripe, type StripeBrowserConfig } from '@/components/stripe/load-stripe';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CancelPanel } from './cancel-panel';
import { CardUpdatePanel } from './card-update-panel';
import { ChangePlanPanel } from './change-plan-panel';
import { DunningBanner } from './dunning-banner';
import { InvoicesTable } from './invoices-table';
import { SubscriptionSummary } from './subscription-summary';
import type { BillingActions, BillingOverview, Outcome, PlanPrice } from './types';

type Props = {
  initial: BillingOverview;
  plans: PlanPrice[];
  stripeConfig: StripeBrowserConfig;
  actions: BillingActions;
  /** A plan picked on /pricing: the change-plan panel opens with it selected. */
  preselect?: string;
  /** Back from checkout: poll until the webhooks (or the server's re-read from Stripe) settle it. */
  checkoutReturn: boolean;
  /** Back from a bank redirect while saving a card: the server checks this SetupIntent with Stripe and finishes the update. */
  returnedSetupIntent?: string;
};

const QUERY_KEY = ['billing-overview'];

async function fetchOverview(): Promise<BillingOverview> {
  const res = await fetch('/api/billing/overview', { cache: 'no-store' });
  if (!res.ok) throw new Error('Could not load your billing details.');
  return (await res.json()) as BillingOverview;
}

/** /billing: the subscription as the server mirrors it from Stripe, kept fresh while something settles, and every action on it. */
export function BillingDashboard({ initial, plans, stripeConfig, actions, preselect, checkoutReturn, returnedSetupIntent }: Props) {
  const queryClient = useQueryClient();
  const stripePromise = useMemo(() => getStripe(stripeConfig), [stripeConfig]);
  const [pollUntil, setPollUntil] = useState(() => (checkoutReturn ? Date.now() + 30_000 : 0));
  const [changing, setChanging] = useState(!!preselect);
  const [notice, setNotice] = useState<Outcome | null>(null);
  const { data, isError } = useQuery({
    queryKey: QUERY_KEY,
    queryFn: fetchOverview,
    initialData: initial,
    refetchOnWindowFocus: true,
    refetchInterval: (query) => (query.state.data?.subscription?.status === 'incomplete' || Date.now() < pollUntil ? 1_000 : false),
  });
  const overview = data ?? initial;
  const s = overview.subscription;

  const done = (outcome: Outcome) => {
    setNotice(outcome);
    setChanging(false);
    // Webhooks may still be on their way: keep re-reading for a while.
    setPollUntil(Date.now() + 15_000);
    void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
  };

  const finishing = useRef(false);
  const subscriptionId = s?.id;
  useEffect(() => {
    if (!returnedSetupIntent || !subscriptionId || finishing.current) return;
    finishing.current = true;
    // The redirect's query is spent once the server has checked it; a reload must not replay it.
    window.history.replaceState(null, '', '/billing');
    void actions
      .finishCardUpdate(subscriptionId, returnedSetupIntent, newKey())
      .then((result) =>
        done(result.ok ? { tone: 'success', message: 'Your new card is saved.' } : { tone: 'error', message: result.error.message }),
      );
  });

  const manageable = s && ['active', 'trialing', 'past_due', 'unpaid'].includes(s.status);
  const changeable = s && (s.status === 'active' || s.status === 'trialing') && !s.cancelAtPeriodEnd;
  return (
    <div className="space-y-6">
      <div aria-live="polite">
        {notice ? <Alert tone={notice.tone === 'success' ? 'success' : 'warning'}>{notice.message}</Alert> : null}
      </div>
      {isError ? <Alert tone="warning">We could not refresh your billing details. Retrying…</Alert> : null}
      {s && overview.dunning ? (
        <DunningBanner subscription={s} dunning={overview.dunning} stripePromise={stripePromise} actions={actions} onDone={done} />
      ) : null}
      {s ? <SubscriptionSummary subscription={s} plans={plans} /> : null}
      {s?.status === 'incomplete' ? (
        <Alert tone="warning">
          We are waiting for your first payment to be confirmed. This page updates by itself.{' '}
          <Link href={`/billing/subscribe?price=${encodeURIComponent(s.priceId)}`}>Continue checkout</Link>
        </Alert>
      ) : null}
      {!manageable && s?.status !== 'incomplete' ? (
        <Card>
          <p>
            {s ? 'You have no active subscription.' : 'You are not subscribed yet.'} <Link href="/pricing">See plans</Link>
          </p>
        </Card>
      ) : null}
      {manageable && s ? (
        <Card title="Manage your subscription">
          <div className="space-y-6">
            <section aria-labelledby="change-plan-title" className="space-y-3">
              <h3 id="change-plan-title" className="font-semibold">
                Change plan
              </h3>
              {!changeable ? (
                <p className="text-sm text-ink-muted">
                  {s.cancelAtPeriodEnd ? 'Resume your subscription to change plan.' : 'Fix your payment to change plan.'}
                </p>
              ) : changing ? (
                <ChangePlanPanel
                  subscription={s}
                  plans={plans}
                  preselect={preselect}
                  stripePromise={stripePromise}
                  actions={actions}
                  onDone={done}
                />
              ) : (
                <Button type="button" variant="secondary" onClick={() => setChanging(true)}>
                  Change plan
                </Button>
              )}
            </section>
            <section aria-labelledby="card-title" className="space-y-3">
              <h3 id="card-title" className="font-semibold">
                Card
              </h3>
              <CardUpdatePanel
                subscriptionId={s.id}
                mode="replace"
                openLabel={s.card ? 'Replace card' : 'Add a card'}
                stripePromise={stripePromise}
                actions={actions}
                onDone={done}
              />
            </section>
            <section aria-labelledby="cancel-title" className="space-y-3">
              <h3 id="cancel-title" className="font-semibold">
                {s.cancelAtPeriodEnd ? 'Cancellation' : 'Cancel'}
              </h3>
              <CancelPanel subscription={s} actions={actions} onDone={done} />
            </section>
          </div>
        </Card>
      ) : null}
      <Card title="Invoices">
        <InvoicesTable invoices={overview.invoices} />
      </Card>
    </div>
  );
}
