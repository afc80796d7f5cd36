import Link from 'next/link';
import type { TimelineEntry } from '@/lib/admin/payment-detail';
import { formatMoney } from '@/lib/money';
import { formatTime, words } from './format';
import { AdminBadge } from './status-badge';

/** Stripe events and audit entries about one object, in time order. */
export function Timeline({ items }: { items: TimelineEntry[] }) {
  if (items.length === 0) return <p className="text-sm text-ink-muted">Nothing recorded yet.</p>;
  return (
    <ol className="space-y-2 border-l border-gray-200 pl-4 text-sm">
      {items.map((item) => (
        <li key={`${item.kind}-${item.id}`} className="relative" data-testid={item.kind === 'audit' ? 'timeline-audit' : 'timeline-event'}>
          <span
            aria-hidden="true"
            className={`absolute -left-[1.30rem] top-1.5 h-2 w-2 rounded-full ${item.kind === 'event' ? 'bg-brand-500' : 'bg-ink-faint'}`}
          />
          <time dateTime={item.at} className="mr-2 font-mono text-xs text-ink-muted">
            {formatTime(item.at)}
          </time>
          {item.kind === 'event' ? (
            <>
              <span className="mr-2">
                Stripe event <Link href={`/admin/webhooks/${item.id}`}>{item.type}</Link>
              </span>{' '}
              <AdminBadge status={item.status} />
              {item.attempts > 1 ? <span className="ml-2 text-ink-muted">{item.attempts} attempts</span> : null}
              {item.lastError ? <span className="ml-2 text-danger-700">{item.lastError}</span> : null}
            </>
          ) : (
            <>
              <span className="mr-2 font-medium">{words(item.action)}</span>{' '}
              <span className="text-ink-muted">
                by {item.actorEmail ?? item.actorType}
                {item.amount != null && item.currency ? ` · ${formatMoney(item.amount, item.currency)}` : ''}
              </span>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
