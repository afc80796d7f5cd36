import type { Metadata } from 'next';
import Link from 'next/link';
import { AutoRefresh } from '@/components/admin/auto-refresh';
import { cardLabel, formatDateTime, words } from '@/components/admin/format';
import { RefundDialog } from '@/components/admin/refund-dialog';
import { ReasonAndNote, RefundRequestActions } from '@/components/admin/refund-request';
import { AdminBadge } from '@/components/admin/status-badge';
import { Timeline } from '@/components/admin/timeline';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { Detail, DetailList } from '@/components/ui/details';
import { Table } from '@/components/ui/table';
import { getAdminPayment } from '@/lib/admin/payment-detail';
import { guardRecordPage, userForPage } from '@/lib/auth/page-guards';
import { env } from '@/lib/env';
import { formatMoney } from '@/lib/money';

export const metadata: Metadata = { title: 'Payment · Admin' };

export default async function AdminPaymentPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await userForPage();
  const { id } = await params;
  const p = await guardRecordPage(() => getAdminPayment(actor, id));
  const settling =
    p.refunds.some((r) => r.status === 'pending') ||
    !['succeeded', 'refunded', 'partially_refunded', 'failed', 'canceled'].includes(p.status);
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
        {p.stripeStatus === 'succeeded' && !p.disputed ? (
          <RefundDialog
            paymentId={p.id}
            refundable={p.refundable}
            currency={p.currency}
            approvalThreshold={env().refundApprovalThreshold}
          />
        ) : null}
      </div>
      {p.disputed ? (
        <Alert tone="warning">This payment is disputed. Answer the dispute in Stripe; it cannot be refunded here.</Alert>
      ) : null}

      <Card title="Details">
        <DetailList spacing="wide">
          <Detail label="Customer">
            <Link href={`/admin/customers/${p.customer.id}`}>{p.customer.email}</Link>
            {p.customer.name ? ` (${p.customer.name})` : ''}
          </Detail>
          <Detail label="Description">{p.description ?? '—'}</Detail>
          <Detail label="Refunded" data-testid="amount-refunded">
            {formatMoney(p.amountRefunded, p.currency)} of {formatMoney(p.amount, p.currency)} · {formatMoney(p.refundable, p.currency)}{' '}
            refundable
          </Detail>
          <Detail label="Card">{`${cardLabel(p.card.brand, p.card.last4)}${p.card.last4 && p.card.expMonth ? ` · expires ${String(p.card.expMonth).padStart(2, '0')}/${p.card.expYear}` : ''}`}</Detail>
          <Detail label="Stripe status">{words(p.stripeStatus)}</Detail>
          {p.errorCode ? (
            <Detail label="Last error" className="text-danger-700">
              {p.errorCode}: {p.errorMessage}
            </Detail>
          ) : null}
          <Detail label="PaymentIntent" className="font-mono text-xs">
            {p.paymentIntentId ?? '—'}
          </Detail>
          <Detail label="Charge" className="font-mono text-xs">
            {p.chargeId ?? '—'}
          </Detail>
          <Detail label="Created">{formatDateTime(p.createdAt)}</Detail>
          <Detail label="Updated">{formatDateTime(p.updatedAt)}</Detail>
          {p.receiptUrl ? (
            <Detail label="Receipt">
              <a href={p.receiptUrl} target="_blank" rel="noopener noreferrer">
                Open receipt
              </a>
            </Detail>
          ) : null}
        </DetailList>
      </Card>

      <Card title="Refunds">
        <Table
          caption="Refunds of this payment, newest first"
          columns={['Date', 'Status', 'Reason', 'Stripe refund', { label: 'Amount', align: 'right' }]}
          rows={p.refunds}
          empty="No refunds."
        >
          {(r) => (
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
          )}
        </Table>
      </Card>

      {p.refundRequests.length > 0 ? (
        <Card title="Refund requests">
          <Table
            caption="Refund requests for this payment, with approvals"
            columns={['Requested', 'Status', 'Reason and note', { label: 'Amount', align: 'right' }, { label: 'Actions', hidden: true }]}
            rows={p.refundRequests}
          >
            {(r) => (
              <tr key={r.id} className="border-t border-gray-100 align-top">
                <td className="py-2">{formatDateTime(r.createdAt)}</td>
                <td>
                  <AdminBadge status={r.status} />
                </td>
                <td>
                  <ReasonAndNote reason={r.reason} note={r.note} />
                </td>
                <td className="text-right">{formatMoney(r.amount, r.currency)}</td>
                <td className="pl-4">
                  {r.status === 'pending_approval' ? (
                    <RefundRequestActions requestId={r.id} own={r.requestedBy === actor.id} ownNote="Waiting for another admin" />
                  ) : null}
                </td>
              </tr>
            )}
          </Table>
        </Card>
      ) : null}

      <Card title="Timeline">
        <Timeline items={p.timeline} />
      </Card>
    </div>
  );
}
