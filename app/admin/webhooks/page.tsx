import type { Metadata } from 'next';
import Link from 'next/link';
import { BackfillForm } from '@/components/admin/backfill-form';
import { FilterField } from '@/components/admin/filter-field';
import { FilterForm } from '@/components/admin/filter-form';
import { formatDateTime } from '@/components/admin/format';
import { AdminBadge } from '@/components/admin/status-badge';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { NextPageLink } from '@/components/ui/next-page-link';
import { Table } from '@/components/ui/table';
import { loadOrInvalid } from '@/lib/admin/validation';
import { EVENT_STATUSES, listWebhookEvents } from '@/lib/admin/webhooks';
import { guardPage, userForPage } from '@/lib/auth/page-guards';

export const metadata: Metadata = { title: 'Webhooks · Admin' };

type Search = { type?: string; status?: string; q?: string; cursor?: string };

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await userForPage();
  const sp = await searchParams;
  const filters = { type: sp.type, status: sp.status, q: sp.q };
  const result = await guardPage(() => loadOrInvalid(() => listWebhookEvents(actor, { ...filters, cursor: sp.cursor })));
  const fields = result.ok ? {} : result.fields;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Webhook events</h1>
      <FilterForm label="Filter webhook events" columns={4}>
        <FilterField name="q" label="Event id" defaultValue={sp.q} placeholder="evt_…" errors={fields.q} />
        <FilterField name="type" label="Type" defaultValue={sp.type} placeholder="payment_intent.succeeded" errors={fields.type} />
        <FilterField name="status" label="Status" defaultValue={sp.status} errors={fields.status}>
          <option value="">Any status</option>
          {EVENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </FilterField>
      </FilterForm>
      {!result.ok && Object.keys(fields).length === 0 ? <Alert tone="error">{result.message}</Alert> : null}

      <Card>
        {result.ok ? (
          <Table
            caption="Stored Stripe events, newest first"
            columns={['Received', 'Type', 'Status', 'Attempts', 'Last error']}
            rows={result.data.items}
            empty="No events match."
            scroll
          >
            {(e) => (
              <tr key={e.id} className="border-t border-gray-100">
                <td className="whitespace-nowrap py-2">
                  <Link href={`/admin/webhooks/${e.id}`}>{formatDateTime(e.receivedAt)}</Link>
                </td>
                <td className="font-mono text-xs">{e.type}</td>
                <td>
                  <AdminBadge status={e.status} />
                </td>
                <td>{e.attempts}</td>
                <td className="max-w-xs truncate text-danger-700">{e.lastError ?? ''}</td>
              </tr>
            )}
          </Table>
        ) : null}
      </Card>
      {result.ok ? <NextPageLink base="/admin/webhooks" params={filters} cursor={result.data.nextCursor} /> : null}

      <Card title="Backfill">
        <h2 id="backfill-heading" className="sr-only">
          Backfill undelivered events
        </h2>
        <p className="mb-3 text-sm text-ink-muted">
          Lists the events Stripe could not deliver to us in a window and ingests the ones we lack.
        </p>
        <BackfillForm />
      </Card>
    </div>
  );
}
