import { Card } from '@/components/ui/card';
import { DateText } from './date-text';
import { priceLabel } from './format';
import { SubscriptionStatusBadge } from './subscription-status-badge';
import type { PlanPrice, SubscriptionView } from './types';

const LIVE = new Set(['trialing', 'active', 'past_due', 'unpaid', 'paused']);

/** Plan, status, the next date that matters (renewal, end of trial, end), and the card on file. */
export function SubscriptionSummary({ subscription: s, plans }: { subscription: SubscriptionView; plans: PlanPrice[] }) {
  const live = LIVE.has(s.status);
  const prior = s.priorPlan ? plans.find((p) => p.priceId === s.priorPlan?.priceId) : undefined;
  return (
    <Card title="Your plan">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="text-ink-muted">Plan</dt>
        <dd>
          <span data-testid="plan-name" className="font-semibold">
            {s.planName}
          </span>
          {s.unitAmount != null ? <span className="text-ink-muted"> · {priceLabel(s.unitAmount, s.currency, s.interval, s.intervalCount)}</span> : null}
        </dd>
        <dt className="text-ink-muted">Status</dt>
        <dd>
          <SubscriptionStatusBadge status={s.status} />
        </dd>
        {s.status === 'trialing' && s.trialEnd ? (
          <>
            <dt className="text-ink-muted">Trial ends</dt>
            <dd>
              <DateText iso={s.trialEnd} testId="trial-end" />
            </dd>
          </>
        ) : null}
        {live && s.cancelAtPeriodEnd ? (
          <>
            <dt className="text-ink-muted">Ends on</dt>
            <dd>
              <DateText iso={s.cancelAt ?? s.currentPeriodEnd} testId="ends-on" />
            </dd>
          </>
        ) : null}
        {live && !s.cancelAtPeriodEnd && s.status !== 'trialing' ? (
          <>
            <dt className="text-ink-muted">Renews on</dt>
            <dd>
              <DateText iso={s.currentPeriodEnd} testId="renews-on" />
            </dd>
          </>
        ) : null}
        {s.endedAt ? (
          <>
            <dt className="text-ink-muted">Ended on</dt>
            <dd>
              <DateText iso={s.endedAt} testId="ended-on" />
            </dd>
          </>
        ) : null}
        <dt className="text-ink-muted">Card</dt>
        <dd data-testid="card-on-file">
          {s.card ? `${s.card.brand} •••• ${s.card.last4}${s.card.expMonth && s.card.expYear ? `, expires ${String(s.card.expMonth).padStart(2, '0')}/${String(s.card.expYear).slice(-2)}` : ''}` : 'No card on file'}
        </dd>
      </dl>
      {s.priorPlan && new Date(s.priorPlan.until) > new Date() ? (
        <p className="mt-4 text-sm text-ink-muted" data-testid="scheduled-change">
          You keep {prior?.planName ?? 'your previous plan'} until <DateText iso={s.priorPlan.until} />; from then on you pay for {s.planName}.
        </p>
      ) : null}
      {s.needsCard ? <p className="mt-4 text-sm text-warning-800">Add a card before your trial ends to keep your plan.</p> : null}
    </Card>
  );
}
