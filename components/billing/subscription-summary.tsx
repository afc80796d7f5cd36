import { Card } from '@/components/ui/card';
import { Detail, DetailList } from '@/components/ui/details';
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
      <DetailList>
        <Detail label="Plan">
          <span data-testid="plan-name" className="font-semibold">
            {s.planName}
          </span>
          {s.unitAmount != null ? (
            <span className="text-ink-muted"> · {priceLabel(s.unitAmount, s.currency, s.interval, s.intervalCount)}</span>
          ) : null}
        </Detail>
        <Detail label="Status">
          <SubscriptionStatusBadge status={s.status} />
        </Detail>
        {s.status === 'trialing' && s.trialEnd ? (
          <Detail label="Trial ends">
            <DateText iso={s.trialEnd} testId="trial-end" />
          </Detail>
        ) : null}
        {live && s.cancelAtPeriodEnd ? (
          <Detail label="Ends on">
            <DateText iso={s.cancelAt ?? s.currentPeriodEnd} testId="ends-on" />
          </Detail>
        ) : null}
        {live && !s.cancelAtPeriodEnd && s.status !== 'trialing' ? (
          <Detail label="Renews on">
            <DateText iso={s.currentPeriodEnd} testId="renews-on" />
          </Detail>
        ) : null}
        {s.endedAt ? (
          <Detail label="Ended on">
            <DateText iso={s.endedAt} testId="ended-on" />
          </Detail>
        ) : null}
        <Detail label="Card" data-testid="card-on-file">
          {s.card
            ? `${s.card.brand} •••• ${s.card.last4}${s.card.expMonth && s.card.expYear ? `, expires ${String(s.card.expMonth).padStart(2, '0')}/${String(s.card.expYear).slice(-2)}` : ''}`
            : 'No card on file'}
        </Detail>
      </DetailList>
      {s.priorPlan && new Date(s.priorPlan.until) > new Date() ? (
        <p className="mt-4 text-sm text-ink-muted" data-testid="scheduled-change">
          You keep {prior?.planName ?? 'your previous plan'} until <DateText iso={s.priorPlan.until} />; from then on you pay for{' '}
          {s.planName}.
        </p>
      ) : null}
      {s.needsCard ? <p className="mt-4 text-sm text-warning-800">Add a card before your trial ends to keep your plan.</p> : null}
    </Card>
  );
}
