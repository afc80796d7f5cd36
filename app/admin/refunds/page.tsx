import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButton } from '@/components/admin/action-button';
import { formatDateTime, words } from '@/components/admin/format';
import { formatMoney } from '@/components/money';
import { Card } from '@/components/ui/card';
import { guardPage, userForPage } from '@/lib/auth/page-guards';
import { env } from '@/lib/env';
import { listPendingRefundRequests } from '@/lib/payments/refunds';

export const metadata: Metadata = { title: 'Refund approvals · Admin' };

export default async function RefundApprovalsPage() {
  const actor = await userForPage();
  const requests = await guardPage(() => listPendingRefundRequests(actor));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Refund approvals</h1>
      <p className="text-sm text-ink-muted">Refunds above {formatMoney(env().refundApprovalThreshold, 'usd')} (or the same amount in minor units of another currency) wait here for a second admin. You cannot approve your own.</p>
      <Card>
        {requests.length === 0 ? (
          <p className="text-sm text-ink-muted">Nothing waiting for approval.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Refund requests waiting for approval, oldest first</caption>
            <thead className="text-ink-muted">
              <tr>
                <th scope="col" className="py-2">Requested</th>
                <th scope="col">By</th>
                <th scope="col">Payment</th>
                <th scope="col">Reason and note</th>
                <th scope="col" className="text-right">Amount</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id} className="border-t border-gray-100 align-top">
                  <td className="py-2">{formatDateTime(r.createdAt)}</td>
                  <td>{r.requestedByEmail}</td>
                  <td>
                    <Link href={`/admin/payments/${r.paymentId}`}>Open payment</Link>
                  </td>
                  <td>
                    {words(r.reason)}
                    {r.note ? <span className="block text-xs text-ink-muted">{r.note}</span> : null}
                  </td>
                  <td className="text-right">{formatMoney(r.amount, r.currency)}</td>
                  <td className="pl-4">
                    {r.requestedBy === actor.id ? (
                      <ActionButton url={`/api/admin/refund-requests/${r.id}/reject`} label="Withdraw" />
                    ) : (
                      <span className="flex flex-wrap gap-2">
                        <ActionButton url={`/api/admin/refund-requests/${r.id}/approve`} label="Approve" variant="primary" />
                        <ActionButton url={`/api/admin/refund-requests/${r.id}/reject`} label="Reject" />
                      </span>
                    )}
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
