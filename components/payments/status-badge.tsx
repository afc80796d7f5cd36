const STYLES: Record<string, { label: string; className: string }> = {
  succeeded: { label: 'Succeeded', className: 'bg-success-50 text-success-700' },
  refunded: { label: 'Refunded', className: 'bg-gray-100 text-ink-muted' },
  partially_refunded: { label: 'Partially refunded', className: 'bg-gray-100 text-ink-muted' },
  processing: { label: 'Processing', className: 'bg-brand-50 text-brand-700' },
  pending: { label: 'Pending', className: 'bg-brand-50 text-brand-700' },
  requires_action: { label: 'Action required', className: 'bg-warning-50 text-warning-800' },
  failed: { label: 'Failed', className: 'bg-danger-50 text-danger-700' },
  canceled: { label: 'Canceled', className: 'bg-gray-100 text-ink-muted' },
  unknown: { label: 'Checking…', className: 'bg-warning-50 text-warning-800' },
};

export function StatusBadge({ status }: { status: string }) {
  const style = STYLES[status] ?? { label: status, className: 'bg-gray-100 text-ink-muted' };
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${style.className}`}>{style.label}</span>;
}
