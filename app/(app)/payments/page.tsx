import type { Metadata } from 'next';
import Link from 'next/link';
import { formatLocalDateTime } from '@/components/payments/format';
import { StatusBadge } from '@/components/payments/status-badge';
import { Card } from '@/components/ui/card';
import { NextPageLink } from '@/components/ui/next-page-link';
import { Table } from '@/components/ui/table';
import { guardPage, userForPage } from '@/lib/auth/page-guards';
import { formatMoney } from '@/lib/money';
import { listPayments } from '@/lib/payments/history';

export const metadata: Metadata = { title: 'Payments' };

export default async function PaymentsPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const user = await userForPage();
  const { cursor } = await searchParams;
  const { items, nextCursor } = await guardPage(() => listPayments(user, { cursor: typeof cursor === 'string' ? cursor : null }));
  return (
    <div className="space-y-6">
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-bold">Payments</h1>
        <Link href="/pay">Buy credits</Link>
      </div>
      <Card>
        {items.length === 0 ? (
          <div className="py-8 text-center">
            <p className="font-medium">No payments yet.</p>
            <p className="mt-1 text-sm text-ink-muted">
              Your purchases will appear here. <Link href="/pay">Buy your first credits</Link>.
            </p>
          </div>
        ) : (
          <Table
            caption="Your payments, newest first"
            columns={['Date', 'Description', 'Status', { label: 'Amount', align: 'right' }, { label: 'Receipt', align: 'right' }]}
            rows={items}
          >
            {(p) => (
              <tr key={p.id} className="border-t border-gray-100" data-testid="payment-row">
                <td className="py-2">
                  <Link href={`/payments/${p.id}`}>{formatLocalDateTime(p.createdAt)}</Link>
                </td>
                <td>{p.description ?? 'Payment'}</td>
                <td>
                  <StatusBadge status={p.status} />
                </td>
                <td className="text-right font-medium">{formatMoney(p.amount, p.currency)}</td>
                <td className="text-right">
                  {p.receiptUrl ? (
                    <a href={p.receiptUrl} target="_blank" rel="noopener noreferrer">
                      Receipt<span className="sr-only"> for the payment of {formatMoney(p.amount, p.currency)}</span>
                    </a>
                  ) : (
                    <span className="text-ink-faint">—</span>
                  )}
                </td>
              </tr>
            )}
          </Table>
        )}
      </Card>
      <NextPageLink base="/payments" cursor={nextCursor} label="Older payments →" />
    </div>
  );
}
