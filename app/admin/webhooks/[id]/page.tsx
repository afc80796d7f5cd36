import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionButton } from '@/components/admin/action-button';
import { formatDateTime, formatSeconds } from '@/components/admin/format';
import { AdminBadge } from '@/components/admin/status-badge';
import { Card } from '@/components/ui/card';
import { getWebhookEvent } from '@/lib/admin/webhooks';
import { guardPage, userForPage } from '@/lib/auth/page-guards';
import { AppError } from '@/lib/errors';

export const metadata: Metadata = { title: 'Webhook event · Admin' };

export default async function WebhookEventPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await userForPage();
  const { id } = await params;
  const e = await guardPage(() => getWebhookEvent(actor, id)).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <p className="text-sm text-ink-muted">
        <Link href="/admin/webhooks">Webhook events</Link> / {e.id}
      </p>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="flex items-center gap-3 text-2xl font-bold">
          <span className="font-mono text-xl">{e.type}</span> <AdminBadge status={e.status} />
        </h1>
        {e.retryable ? <ActionButton url={`/api/admin/webhooks/${e.id}/retry`} label="Retry now" variant="primary" /> : null}
      </div>
      <Card title="Processing">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-8 gap-y-2 text-sm">
          <dt className="text-ink-muted">Event id</dt>
          <dd className="font-mono text-xs">{e.id}</dd>
          <dt className="text-ink-muted">Object</dt>
          <dd className="font-mono text-xs">{e.objectId ?? '—'}</dd>
          <dt className="text-ink-muted">Created by Stripe</dt>
          <dd>{formatDateTime(e.stripeCreated)}</dd>
          <dt className="text-ink-muted">Received</dt>
          <dd>
            {formatDateTime(e.receivedAt)} ({formatSeconds(e.deliveryLagSeconds)} after creation)
          </dd>
          <dt className="text-ink-muted">Attempts</dt>
          <dd>
            {e.attempts} · first {formatDateTime(e.firstAttemptAt)} · last {formatDateTime(e.lastAttemptAt)}
          </dd>
          <dt className="text-ink-muted">Processed</dt>
          <dd>
            {formatDateTime(e.processedAt)}
            {e.durationMs != null ? ` · handler took ${e.durationMs} ms` : ''}
          </dd>
          <dt className="text-ink-muted">Last error</dt>
          <dd className="text-danger-700">{e.lastError ?? '—'}</dd>
          <dt className="text-ink-muted">API version</dt>
          <dd>
            {e.apiVersion ?? '—'} {e.livemode ? '(live)' : '(test)'}
          </dd>
        </dl>
      </Card>
      <Card title="Payload">
        <p className="mb-2 text-xs text-ink-muted">Personal fields (names, emails, phones, addresses, descriptions) are redacted.</p>
        <pre tabIndex={0} aria-label="Event payload, redacted" className="max-h-[32rem] overflow-auto rounded-md bg-gray-50 p-3 text-xs">
          {JSON.stringify(e.payload, null, 2)}
        </pre>
      </Card>
    </div>
  );
}
