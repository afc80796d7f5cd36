'use client';

import Link from 'next/link';
import { useState } from 'react';
import { formatMoney } from '@/lib/money';
import type { PlanPrice } from './types';

type Interval = 'month' | 'year';

const FEATURES: Record<string, string[]> = {
  starter: ['Unlimited projects', 'Payment history and receipts', 'Email support'],
  pro: ['Everything in Starter', 'Spending insights', 'Priority support'],
};

type Props = {
  plans: PlanPrice[];
  /** Signed-out visitors are sent to sign in first. */
  signedIn: boolean;
  /** The price of the visitor's live subscription, if any. */
  currentPriceId: string | null;
};

function actionFor(p: PlanPrice, { signedIn, currentPriceId }: Omit<Props, 'plans'>): { href: string; label: string } | null {
  if (p.priceId === currentPriceId) return null;
  const subscribe = `/billing/subscribe?price=${encodeURIComponent(p.priceId)}`;
  if (!signedIn) return { href: `/sign-in?callbackUrl=${encodeURIComponent(subscribe)}`, label: `Choose ${p.planName}` };
  if (currentPriceId) return { href: `/billing?change=${encodeURIComponent(p.priceId)}`, label: `Switch to ${p.planName}` };
  return { href: subscribe, label: `Choose ${p.planName}` };
}

/** The plans with a monthly/yearly switch; the visitor's current plan is marked. */
export function PricingTable({ plans, signedIn, currentPriceId }: Props) {
  const current = plans.find((p) => p.priceId === currentPriceId);
  const [interval, setPeriod] = useState<Interval>(current?.interval === 'year' ? 'year' : 'month');
  const shown = plans.filter((p) => p.interval === interval && p.intervalCount === 1);
  return (
    <div className="space-y-6">
      <fieldset className="inline-flex rounded-md border border-gray-300 bg-white p-1">
        <legend className="sr-only">Billing period</legend>
        {(['month', 'year'] as const).map((value) => (
          <label
            key={value}
            className="cursor-pointer rounded px-4 py-1.5 text-sm has-[:checked]:bg-brand-600 has-[:checked]:text-white has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500"
          >
            <input
              type="radio"
              name="interval"
              value={value}
              checked={interval === value}
              onChange={() => setPeriod(value)}
              className="sr-only"
            />
            {value === 'month' ? 'Monthly' : 'Yearly'}
          </label>
        ))}
      </fieldset>
      <div className="grid gap-6 md:grid-cols-2">
        {shown.map((p) => {
          const action = actionFor(p, { signedIn, currentPriceId });
          return (
            <section
              key={p.priceId}
              aria-labelledby={`plan-${p.priceId}`}
              className="flex flex-col rounded-card border border-gray-200 bg-white p-6 shadow-sm"
              data-testid="plan-card"
            >
              <div className="flex items-baseline justify-between gap-2">
                <h2 id={`plan-${p.priceId}`} className="text-xl font-semibold">
                  {p.planName}
                </h2>
                {p.priceId === currentPriceId ? (
                  <span className="rounded-full bg-success-50 px-2 py-0.5 text-xs font-medium text-success-700">Current plan</span>
                ) : null}
              </div>
              {p.description ? <p className="mt-1 text-sm text-ink-muted">{p.description}</p> : null}
              <p className="mt-4">
                <span className="text-3xl font-bold">{formatMoney(p.unitAmount, p.currency)}</span>
                <span className="text-ink-muted"> / {p.interval}</span>
              </p>
              {p.trialDays ? <p className="mt-1 text-sm text-brand-700">{p.trialDays}-day free trial for new subscribers</p> : null}
              <ul className="mt-4 flex-1 list-disc space-y-1 pl-5 text-sm">
                {(FEATURES[p.planKey ?? ''] ?? []).map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
              {action ? (
                <Link
                  href={action.href}
                  className="mt-6 rounded-md bg-brand-600 px-4 py-2 text-center font-medium text-white no-underline hover:bg-brand-700"
                >
                  {action.label}
                </Link>
              ) : (
                <p className="mt-6 text-center text-sm text-ink-muted">
                  You are on this plan. <Link href="/billing">Manage billing</Link>
                </p>
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}
