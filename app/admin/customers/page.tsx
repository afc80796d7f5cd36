import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterField } from '@/components/admin/filter-field';
import { formatDateTime } from '@/components/admin/format';
import { AdminBadge } from '@/components/admin/status-badge';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { NextPageLink } from '@/components/ui/next-page-link';
import { Table } from '@/components/ui/table';
import { listCustomers } from '@/lib/admin/customers';
import { loadOrInvalid } from '@/lib/admin/validation';
import { guardPage, userForPage } from '@/lib/auth/page-guards';
import { formatMoney } from '@/lib/money';

export const metadata: Metadata = { title: 'Customers · Admin' };

export default async function CustomersPage({ searchParams }: { searchParams: Promise<{ q?: string; cursor?: string }> }) {
  const actor = await userForPage();
  const sp = await searchParams;
  const result = await guardPage(() => loadOrInvalid(() => listCustomers(actor, { q: sp.q, cursor: sp.cursor })));
  const fields = result.ok ? {} : result.fields;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Customers</h1>
      <form
        method="get"
        role="search"
        aria-label="Find customers"
        className="flex flex-wrap items-end gap-3 rounded-card border border-gray-200 bg-white p-4"
      >
        <div className="min-w-64 flex-1">
          <FilterField name="q" label="Email contains" defaultValue={sp.q} errors={fields.q} />
        </div>
        <Button type="submit">Search</Button>
      </form>
      {!result.ok && Object.keys(fields).length === 0 ? <Alert tone="error">{result.message}</Alert> : null}
      <Card>
        {result.ok ? (
          <Table
            caption="Customers, newest first"
            columns={['Email', 'Name', 'Subscription', 'Payments', 'Paid', 'Joined']}
            rows={result.data.items}
            empty="No customers match."
          >
            {(c) => (
              <tr key={c.id} className="border-t border-gray-100">
                <td className="py-2">
                  <Link href={`/admin/customers/${c.id}`}>{c.email}</Link>
                  {c.role === 'admin' ? <span className="ml-2 text-xs text-ink-muted">admin</span> : null}
                </td>
                <td>{c.name ?? '—'}</td>
                <td>{c.subscriptionStatus ? <AdminBadge status={c.subscriptionStatus} /> : '—'}</td>
                <td>{c.payments}</td>
                <td>{c.paid.length ? c.paid.map((p) => formatMoney(p.amount, p.currency)).join(' · ') : '—'}</td>
                <td className="whitespace-nowrap">{formatDateTime(c.createdAt)}</td>
              </tr>
            )}
          </Table>
        ) : null}
      </Card>
      {result.ok ? <NextPageLink base="/admin/customers" params={{ q: sp.q }} cursor={result.data.nextCursor} /> : null}
    </div>
  );
}
