import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { userForPage } from '@/lib/auth/page-guards';
import { mayUse } from '@/lib/billing/entitlements';
import { spendingInsights } from '@/lib/billing/insights';
import { formatMoney } from '@/lib/money';

export const metadata: Metadata = { title: 'Spending insights' };

// The Pro-only page: the entitlement check decides, from the local subscription mirror.
export default async function InsightsPage() {
  const user = await userForPage();
  if (!(await mayUse(user, 'insights'))) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-bold">Spending insights</h1>
        <Card>
          <p data-testid="upgrade-prompt">
            Spending insights are part of the Pro plan. <Link href="/pricing">See plans</Link>
          </p>
        </Card>
      </div>
    );
  }
  const { months } = await spendingInsights(user);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Spending insights</h1>
      <Card title="Paid per month">
        {months.length === 0 ? (
          <p className="text-sm text-ink-muted">Nothing paid in the last twelve months.</p>
        ) : (
          <table className="w-full text-left text-sm" aria-label="Paid per month">
            <thead className="text-ink-muted">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Month
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Payments
                </th>
                <th scope="col" className="py-2 font-medium">
                  Paid
                </th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={`${m.month}-${m.currency}`} className="border-t border-gray-100">
                  <td className="py-2 pr-4">{m.month}</td>
                  <td className="py-2 pr-4">{m.payments}</td>
                  <td className="py-2">{formatMoney(m.paid, m.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
