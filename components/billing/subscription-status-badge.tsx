import { STATUS_LABELS } from './format';

const STYLES: Record<string, string> = {
  active: 'bg-success-50 text-success-700',
  trialing: 'bg-brand-50 text-brand-700',
  incomplete: 'bg-warning-50 text-warning-800',
  past_due: 'bg-danger-50 text-danger-700',
  unpaid: 'bg-danger-50 text-danger-700',
};

export function SubscriptionStatusBadge({ status }: { status: string }) {
  return (
    <span
      data-testid="subscription-status"
      className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${STYLES[status] ?? 'bg-gray-100 text-ink-muted'}`}
    >
      {STATUS_LABELS[status] ?? status}
    </span>
  );
}
