import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionButton } from '@/components/admin/action-button';
import { AutoRefresh } from '@/components/admin/auto-refresh';
import { formatDateTime, words } from '@/components/admin/format';
import { RefundDialog } from '@/components/admin/refund-dialog';
import { AdminBadge } from '@/components/admin/status-badge';
import { Timeline } from '@/components/admin/timeline';
import { formatMoney } from '@/components/money';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { getAdminPayment } from '@/lib/admin/payment-detail';
import { guardPage, userForPage } from '@/lib/auth/page-guards';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

export const metadata: Metadata = { title: 'Payment · Admin' };

export default async function AdminPaymentPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await userForPage();
  const { id } = await params;
  const p = await guardPage(() => getAdminPayment(actor, id)).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  });
  const settling = p.refunds.some((r) => r.status === 'pending') || !['succeeded', 'refunded', 'partially_refunded', 'failed', 'canceled'].includes(p.status);
  return (
    <div className="space-y-6">
      <AutoRefresh active={settling} />
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <p className="text-sm text-ink-muted">
            <Link href="/admin/payments">Payments</Link> / {p.id}
          </p>
          <h1 className="mt-1 flex items-center gap-3 text-2xl font-bold">
            {formatMoney(p.amount, p.currency)} <AdminBadge status={p.status} />
            {p.disputed ? <AdminBadge status="disputed" /> : null}
          </h1>
        </div>
        {p.stripeStatus === 'succeeded' && !p.disputed ? <RefundDialog paymentId={p.id} refundable={p.refundable} currency={p.currency} approvalThreshold={env().refundApprovalThreshold} /> : null}
      </div>
      {p.disputed ? <Alert tone="warning">This payment is disputed. Answer the dispute in Stripe; it cannot be refunded here.</Alert> : null}

      <Card title="Details">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-8 gap-y-2 text-sm">
          <dt className="text-ink-muted">Customer</dt>
          <dd>
            <Link href={`/admin/customers/${p.customer.id}`}>{p.customer.email}</Link>
            {p.customer.name ? ` (${p.customer.name})` : ''}
          </dd>
          <dt className="text-ink-muted">Description</dt>
          <dd>{p.description ?? '—'}</dd>
          <dt className="text-ink-muted">Refunded</dt>
          <dd data-testid="amount-refunded">
            {formatMoney(p.amountRefunded, p.currency)} of {formatMoney(p.amount, p.currency)} · {formatMoney(p.refundable, p.currency)} refundable
          </dd>
          <dt className="text-ink-muted">Card</dt>
          <dd>{p.card.last4 ? `${p.card.brand ?? 'card'} •••• ${p.card.last4}${p.card.expMonth ? ` · expires ${String(p.card.expMonth).padStart(2, '0')}/${p.card.expYear}` : ''}` : '—'}</dd>
          <dt className="text-ink-muted">Stripe status</dt>
          <dd>{words(p.stripeStatus)}</dd>
          {p.errorCode ? (
            <>
              <dt className="text-ink-muted">Last error</dt>
              <dd className="text-danger-700">
                {p.errorCode}: {p.errorMessage}
              </dd>
            </>
          ) : null}
          <dt className="text-ink-muted">PaymentIntent</dt>
          <dd className="font-mono text-xs">{p.paymentIntentId ?? '—'}</dd>
          <dt className="text-ink-muted">Charge</dt>
          <dd className="font-mono text-xs">{p.chargeId ?? '—'}</dd>
          <dt className="text-ink-muted">Created</dt>
          <dd>{formatDateTime(p.createdAt)}</dd>
          <dt className="text-ink-muted">Updated</dt>
          <dd>{formatDateTime(p.updatedAt)}</dd>
          {p.receiptUrl ? (
            <>
              <dt className="text-ink-muted">Receipt</dt>
              <dd>
                <a href={p.receiptUrl} target="_blank" rel="noopener noreferrer">
                  Open receipt
                </a>
              </dd>
            </>
          ) : null}
        </dl>
      </Card>

      <Card title="Refunds">
        {p.refunds.length === 0 ? (
          <p className="text-sm text-ink-muted">No refunds.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Refunds of this payment, newest first</caption>
            <thead className="text-ink-muted">
              <tr>
                <th scope="col" className="py-2">Date</th>
                <th scope="col">Status</th>
                <th scope="col">Reason</th>
                <th scope="col">Stripe refund</th>
                <th scope="col" className="text-right">Amount</th>
              </tr>
            </thead>
            <tbody>
              {p.refunds.map((r) => (
                <tr key={r.id} className="border-t border-gray-100" data-testid="refund-row">
                  <td className="py-2">{formatDateTime(r.createdAt)}</td>
                  <td>
                    <AdminBadge status={r.status} />
                    {r.failureReason ? <span className="ml-2 text-xs text-danger-700">{words(r.failureReason)}</span> : null}
                  </td>
                  <td>{r.reason ? words(r.reason) : '—'}</td>
                  <td className="font-mono text-xs">{r.stripeRefundId ?? '—'}</td>
                  <td className="text-right">{formatMoney(r.amount, r.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      {p.refundRequests.length > 0 ? (
        <Card title="Refund requests">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Refund requests for this payment, with approvals</caption>
            <thead className="text-ink-muted">
              <tr>
                <th scope="col" className="py-2">Requested</th>
                <th scope="col">Status</th>
                <th scope="col">Reason and note</th>
                <th scope="col" className="text-right">Amount</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {p.refundRequests.map((r) => (
                <tr key={r.id} className="border-t border-gray-100 align-top">
                  <td className="py-2">{formatDateTime(r.createdAt)}</td>
                  <td>
                    <AdminBadge status={r.status} />
                  </td>
                  <td>
                    {words(r.reason)}
                    {r.note ? <span className="block text-xs text-ink-muted">{r.note}</span> : null}
                  </td>
                  <td className="text-right">{formatMoney(r.amount, r.currency)}</td>
                  <td className="pl-4">
                    {r.status === 'pending_approval' ? (
                      r.requestedBy === actor.id ? (
                        <span className="text-xs text-ink-muted">Waiting for another admin · <ActionButton url={`/api/admin/refund-requests/${r.id}/reject`} label="Withdraw" /></span>
                      ) : (
                        <span className="flex flex-wrap gap-2">
                          <ActionButton url={`/api/admin/refund-requests/${r.id}/approve`} label="Approve" variant="primary" />
                          <ActionButton url={`/api/admin/refund-requests/${r.id}/reject`} label="Reject" />
                        </span>
                      )
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}

      <Card title="Timeline">
        <Timeline items={p.timeline} />
      </Card>
    </div>
  );
}
