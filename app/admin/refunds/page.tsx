import type { Metadata } from 'next';
import Link from 'next/link';
import { formatDateTime } from '@/components/admin/format';
import { ReasonAndNote, RefundRequestActions } from '@/components/admin/refund-request';
import { Card } from '@/components/ui/card';
import { Table } from '@/components/ui/table';
import { guardPage, userForPage } from '@/lib/auth/page-guards';
import { env } from '@/lib/env';
import { formatMoney } from '@/lib/money';
import { listPendingRefundRequests } from '@/lib/payments/refunds';

export const metadata: Metadata = { title: 'Refund approvals · Admin' };

export default async function RefundApprovalsPage() {
  const actor = await userForPage();
  const requests = await guardPage(() => listPendingRefundRequests(actor));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Refund approvals</h1>
      <p className="text-sm text-ink-muted">
        Refunds above {formatMoney(env().refundApprovalThreshold, 'usd')} (or the same amount in minor units of another currency) wait here
        for a second admin. You cannot approve your own.
      </p>
      <Card>
        <Table
          caption="Refund requests waiting for approval, oldest first"
          columns={[
            'Requested',
            'By',
            'Payment',
            'Reason and note',
            { label: 'Amount', align: 'right' },
            { label: 'Actions', hidden: true },
          ]}
          rows={requests}
          empty="Nothing waiting for approval."
        >
          {(r) => (
            <tr key={r.id} className="border-t border-gray-100 align-top">
              <td className="py-2">{formatDateTime(r.createdAt)}</td>
              <td>{r.requestedByEmail}</td>
              <td>
                <Link href={`/admin/payments/${r.paymentId}`}>Open payment</Link>
              </td>
              <td>
                <ReasonAndNote reason={r.reason} note={r.note} />
              </td>
              <td className="text-right">{formatMoney(r.amount, r.currency)}</td>
              <td className="pl-4">
                <RefundRequestActions requestId={r.id} own={r.requestedBy === actor.id} />
              </td>
            </tr>
          )}
        </Table>
      </Card>
    </div>
  );
}
