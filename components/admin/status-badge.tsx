const TONES: Record<string, string> = {
  succeeded: 'bg-success-50 text-success-700',
  processed: 'bg-success-50 text-success-700',
  approved: 'bg-success-50 text-success-700',
  completed: 'bg-success-50 text-success-700',
  refunded: 'bg-gray-100 text-ink-muted',
  partially_refunded: 'bg-gray-100 text-ink-muted',
  ignored: 'bg-gray-100 text-ink-muted',
  canceled: 'bg-gray-100 text-ink-muted',
  rejected: 'bg-gray-100 text-ink-muted',
  pending: 'bg-brand-50 text-brand-700',
  processing: 'bg-brand-50 text-brand-700',
  queued: 'bg-brand-50 text-brand-700',
  running: 'bg-brand-50 text-brand-700',
  pending_approval: 'bg-warning-50 text-warning-800',
  requires_action: 'bg-warning-50 text-warning-800',
  unknown: 'bg-warning-50 text-warning-800',
  warning: 'bg-warning-50 text-warning-800',
  failed: 'bg-danger-50 text-danger-700',
  dead: 'bg-danger-50 text-danger-700',
  critical: 'bg-danger-50 text-danger-700',
};

/** A status pill for any admin status (payments, refunds, events, runs, alerts). */
export function AdminBadge({ status }: { status: string }) {
  return (
    <span
      className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${TONES[status] ?? 'bg-gray-100 text-ink-muted'}`}
    >
      {status.replace(/_/g, ' ')}
    </span>
  );
}
