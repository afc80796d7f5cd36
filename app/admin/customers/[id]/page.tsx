import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionButton } from '@/components/admin/action-button';
import { formatDateTime } from '@/components/admin/format';
import { AdminBadge } from '@/components/admin/status-badge';
import { formatMoney } from '@/components/money';
import { Card } from '@/components/ui/card';
import { getCustomer } from '@/lib/admin/customers';
import { guardPage, userForPage } from '@/lib/auth/page-guards';
import { AppError } from '@/lib/errors';

export const metadata: Metadata = { title: 'Customer · Admin' };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await userForPage();
  const { id } = await params;
  const c = await guardPage(() => getCustomer(actor, id)).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <p className="text-sm text-ink-muted">
        <Link href="/admin/customers">Customers</Link> / {c.email}
      </p>
      <h1 className="text-2xl font-bold">{c.name ?? c.email}</h1>
      <Card title="Account">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-8 gap-y-2 text-sm">
          <dt className="text-ink-muted">Email</dt>
          <dd>{c.email}</dd>
          <dt className="text-ink-muted">Role</dt>
          <dd>{c.role}</dd>
          <dt className="text-ink-muted">Stripe customer</dt>
          <dd className="font-mono text-xs">{c.stripeCustomerId ?? '—'}</dd>
          <dt className="text-ink-muted">Joined</dt>
          <dd>{formatDateTime(c.createdAt)}</dd>
        </dl>
      </Card>

      <Card title="Subscriptions">
        {c.subscriptions.length === 0 ? (
          <p className="text-sm text-ink-muted">No subscriptions.</p>
        ) : (
          <ul className="space-y-4 text-sm">
            {c.subscriptions.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 border-t border-gray-100 pt-3 first:border-0 first:pt-0">
                <div>
                  <p className="flex items-center gap-2 font-medium">
                    <span id={`sub-${s.id}`}>{s.planName}</span> <AdminBadge status={s.status} />
                  </p>
                  <p className="text-ink-muted">
                    {s.unitAmount != null ? `${formatMoney(s.unitAmount, s.currency)} every ${s.intervalCount > 1 ? `${s.intervalCount} ${s.interval}s` : s.interval}` : ''} · period ends {formatDateTime(s.currentPeriodEnd)}
                    {s.cancelAtPeriodEnd ? ' · cancels at period end' : ''}
                  </p>
                  <p className="font-mono text-xs text-ink-muted">{s.id}</p>
                </div>
                {['active', 'trialing', 'past_due'].includes(s.status) ? (
                  s.cancelAtPeriodEnd ? (
                    <ActionButton url={`/api/admin/subscriptions/${s.id}/resume`} label="Resume subscription" describedBy={`sub-${s.id}`} />
                  ) : (
                    <ActionButton url={`/api/admin/subscriptions/${s.id}/cancel`} label="Cancel at period end" variant="danger" describedBy={`sub-${s.id}`} confirm="Cancel this subscription at the end of its paid period?" />
                  )
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title="Payments">
        {c.payments.length === 0 ? (
          <p className="text-sm text-ink-muted">No payments.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">The customer&apos;s 25 latest payments</caption>
            <thead className="text-ink-muted">
              <tr>
                <th scope="col" className="py-2">Date</th>
                <th scope="col">Description</th>
                <th scope="col">Status</th>
                <th scope="col" className="text-right">Amount</th>
              </tr>
            </thead>
            <tbody>
              {c.payments.map((p) => (
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
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <Card title="Invoices">
        {c.invoices.length === 0 ? (
          <p className="text-sm text-ink-muted">No invoices.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">The customer&apos;s latest invoices</caption>
            <thead className="text-ink-muted">
              <tr>
                <th scope="col" className="py-2">Date</th>
                <th scope="col">Number</th>
                <th scope="col">Status</th>
                <th scope="col" className="text-right">Total</th>
                <th scope="col">
                  <span className="sr-only">Link</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {c.invoices.map((i) => (
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
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
