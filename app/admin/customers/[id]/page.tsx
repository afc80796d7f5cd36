import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButton } from '@/components/admin/action-button';
import { formatDateTime } from '@/components/admin/format';
import { AdminBadge } from '@/components/admin/status-badge';
import { intervalLabel } from '@/components/billing/format';
import { Card } from '@/components/ui/card';
import { Detail, DetailList } from '@/components/ui/details';
import { Table } from '@/components/ui/table';
import { getCustomer } from '@/lib/admin/customers';
import { guardRecordPage, userForPage } from '@/lib/auth/page-guards';
import { formatMoney } from '@/lib/money';

export const metadata: Metadata = { title: 'Customer · Admin' };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await userForPage();
  const { id } = await params;
  const c = await guardRecordPage(() => getCustomer(actor, id));
  return (
    <div className="space-y-6">
      <p className="text-sm text-ink-muted">
        <Link href="/admin/customers">Customers</Link> / {c.email}
      </p>
      <h1 className="text-2xl font-bold">{c.name ?? c.email}</h1>
      <Card title="Account">
        <DetailList spacing="wide">
          <Detail label="Email">{c.email}</Detail>
          <Detail label="Role">{c.role}</Detail>
          <Detail label="Stripe customer" className="font-mono text-xs">
            {c.stripeCustomerId ?? '—'}
          </Detail>
          <Detail label="Joined">{formatDateTime(c.createdAt)}</Detail>
        </DetailList>
      </Card>

      <Card title="Subscriptions">
        {c.subscriptions.length === 0 ? (
          <p className="text-sm text-ink-muted">No subscriptions.</p>
        ) : (
          <ul className="space-y-4 text-sm">
            {c.subscriptions.map((s) => (
              <li
                key={s.id}
                className="flex flex-wrap items-center justify-between gap-3 border-t border-gray-100 pt-3 first:border-0 first:pt-0"
              >
                <div>
                  <p className="flex items-center gap-2 font-medium">
                    <span id={`sub-${s.id}`}>{s.planName}</span> <AdminBadge status={s.status} />
                  </p>
                  <p className="text-ink-muted">
                    {s.unitAmount != null
                      ? `${formatMoney(s.unitAmount, s.currency)} every ${intervalLabel(s.interval, s.intervalCount)}`
                      : ''}{' '}
                    · period ends {formatDateTime(s.currentPeriodEnd)}
                    {s.cancelAtPeriodEnd ? ' · cancels at period end' : ''}
                  </p>
                  <p className="font-mono text-xs text-ink-muted">{s.id}</p>
                </div>
                {['active', 'trialing', 'past_due'].includes(s.status) ? (
                  s.cancelAtPeriodEnd ? (
                    <ActionButton url={`/api/admin/subscriptions/${s.id}/resume`} label="Resume subscription" describedBy={`sub-${s.id}`} />
                  ) : (
                    <ActionButton
                      url={`/api/admin/subscriptions/${s.id}/cancel`}
                      label="Cancel at period end"
                      variant="danger"
                      describedBy={`sub-${s.id}`}
                      confirm="Cancel this subscription at the end of its paid period?"
                    />
                  )
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title="Payments">
        <Table
          caption="The customer's 25 latest payments"
          columns={['Date', 'Description', 'Status', { label: 'Amount', align: 'right' }]}
          rows={c.payments}
          empty="No payments."
        >
          {(p) => (
            <tr key={p.id} className="border-t border-gray-100">
              <td className="py-2">
                <Link href={`/admin/payments/${p.id}`}>{formatDateTime(p.createdAt)}</Link>
              </td>
              <td>{p.description ?? '—'}</td>
              <td>
                <AdminBadge status={p.status} />
              </td>
              <td className="text-right">{formatMoney(p.amount, p.currency)}</td>
            </tr>
          )}
        </Table>
      </Card>

      <Card title="Invoices">
        <Table
          caption="The customer's latest invoices"
          columns={['Date', 'Number', 'Status', { label: 'Total', align: 'right' }, { label: 'Link', hidden: true }]}
          rows={c.invoices}
          empty="No invoices."
        >
          {(i) => (
            <tr key={i.id} className="border-t border-gray-100">
              <td className="py-2">{formatDateTime(i.createdAt)}</td>
              <td>{i.number ?? '—'}</td>
              <td>
                <AdminBadge status={i.status} />
              </td>
              <td className="text-right">{formatMoney(i.total, i.currency)}</td>
              <td className="pl-4">
                {i.hostedInvoiceUrl ? (
                  <a href={i.hostedInvoiceUrl} target="_blank" rel="noopener noreferrer">
                    View<span className="sr-only"> invoice {i.number ?? i.id}</span>
                  </a>
                ) : null}
              </td>
            </tr>
          )}
        </Table>
      </Card>
    </div>
  );
}
