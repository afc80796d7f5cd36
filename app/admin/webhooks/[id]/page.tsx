import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButton } from '@/components/admin/action-button';
import { formatDateTime, formatSeconds } from '@/components/admin/format';
import { AdminBadge } from '@/components/admin/status-badge';
import { Card } from '@/components/ui/card';
import { Detail, DetailList } from '@/components/ui/details';
import { getWebhookEvent } from '@/lib/admin/webhooks';
import { guardRecordPage, userForPage } from '@/lib/auth/page-guards';

export const metadata: Metadata = { title: 'Webhook event · Admin' };

export default async function WebhookEventPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await userForPage();
  const { id } = await params;
  const e = await guardRecordPage(() => getWebhookEvent(actor, id));
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
        <DetailList spacing="wide">
          <Detail label="Event id" className="font-mono text-xs">
            {e.id}
          </Detail>
          <Detail label="Object" className="font-mono text-xs">
            {e.objectId ?? '—'}
          </Detail>
          <Detail label="Created by Stripe">{formatDateTime(e.stripeCreated)}</Detail>
          <Detail label="Received">
            {formatDateTime(e.receivedAt)} ({formatSeconds(e.deliveryLagSeconds)} after creation)
          </Detail>
          <Detail label="Attempts">
            {e.attempts} · first {formatDateTime(e.firstAttemptAt)} · last {formatDateTime(e.lastAttemptAt)}
          </Detail>
          <Detail label="Processed">
            {formatDateTime(e.processedAt)}
            {e.durationMs != null ? ` · handler took ${e.durationMs} ms` : ''}
          </Detail>
          <Detail label="Last error" className="text-danger-700">
            {e.lastError ?? '—'}
          </Detail>
          <Detail label="API version">
            {e.apiVersion ?? '—'} {e.livemode ? '(live)' : '(test)'}
          </Detail>
        </DetailList>
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
