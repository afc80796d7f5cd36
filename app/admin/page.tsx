import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButton } from '@/components/admin/action-button';
import { cardLabel, formatDateTime, formatSeconds } from '@/components/admin/format';
import { RevenueChart } from '@/components/admin/revenue-chart';
import { Stat } from '@/components/admin/stat';
import { AdminBadge } from '@/components/admin/status-badge';
import { Card } from '@/components/ui/card';
import { Table } from '@/components/ui/table';
import { getOverview, OVERVIEW_RANGES } from '@/lib/admin/overview';
import { listUsers } from '@/lib/admin/users';
import { guardPage, userForPage } from '@/lib/auth/page-guards';
import { formatMoney } from '@/lib/money';

export const metadata: Metadata = { title: 'Admin' };

const RANGE_LABEL = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' } as const;

export default async function AdminOverviewPage({ searchParams }: { searchParams: Promise<{ range?: string }> }) {
  const actor = await userForPage();
  const { range: requested } = await searchParams;
  const [o, { users }] = await guardPage(() => Promise.all([getOverview(actor, requested), listUsers(actor, { limit: 10 })]));
  const rate =
    o.totals.succeeded + o.totals.failed > 0 ? Math.round((o.totals.failed / (o.totals.succeeded + o.totals.failed)) * 1000) / 10 : 0;
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="text-2xl font-bold">Admin overview</h1>
        <nav aria-label="Range" className="flex gap-1 text-sm">
          {OVERVIEW_RANGES.map((r) => (
            <Link
              key={r}
              href={`/admin?range=${r}`}
              aria-current={r === o.range ? 'page' : undefined}
              className={`rounded-md px-3 py-1 no-underline ${r === o.range ? 'bg-brand-600 text-white' : 'border border-gray-300 bg-white text-ink'}`}
            >
              {RANGE_LABEL[r]}
            </Link>
          ))}
        </nav>
      </div>

      {o.alerts.length > 0 ? (
        <section aria-labelledby="alerts-heading" className="rounded-card border border-danger-600/30 bg-danger-50 p-4">
          <h2 id="alerts-heading" className="mb-2 font-semibold text-danger-700">
            Open alerts
          </h2>
          <ul className="space-y-2 text-sm">
            {o.alerts.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-3">
                <AdminBadge status={a.severity} />
                <span id={`alert-${a.id}`}>{a.message}</span>
                <span className="text-ink-muted">since {formatDateTime(a.createdAt)}</span>
                <ActionButton url={`/api/admin/alerts/${a.id}/resolve`} label="Resolve" describedBy={`alert-${a.id}`} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="volume-heading" className="space-y-4">
        <h2 id="volume-heading" className="text-lg font-semibold">
          Money · {RANGE_LABEL[o.range].toLowerCase()}
        </h2>
        {o.totals.byCurrency.length === 0 ? <p className="text-sm text-ink-muted">No payments in this range.</p> : null}
        {o.totals.byCurrency.map((c) => (
          <dl key={c.currency} className="grid grid-cols-1 gap-4 sm:grid-cols-3" aria-label={`Totals in ${c.currency.toUpperCase()}`}>
            <Stat label={`Gross volume (${c.currency.toUpperCase()})`} value={formatMoney(c.gross, c.currency)} />
            <Stat label={`Refunds (${c.currency.toUpperCase()})`} value={formatMoney(c.refunded, c.currency)} />
            <Stat label={`Net (${c.currency.toUpperCase()})`} value={formatMoney(c.net, c.currency)} />
          </dl>
        ))}
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Stat label="Successful payments" value={o.totals.succeeded.toLocaleString('en-US')} />
          <Stat label="Failed payments" value={o.totals.failed.toLocaleString('en-US')} hint={`${rate}% of attempts`} />
          <Stat
            label="Active subscriptions"
            value={o.subscriptions.active.toLocaleString('en-US')}
            hint={`${o.subscriptions.trialing} trialing · ${o.subscriptions.pastDue} past due`}
          />
          <Stat
            label="MRR"
            value={
              o.subscriptions.mrr.length
                ? o.subscriptions.mrr.map((m) => formatMoney(m.amount, m.currency)).join(' · ')
                : formatMoney(0, 'usd')
            }
          />
        </dl>
      </section>

      <Card title="Revenue">
        <RevenueChart points={o.series.points} currencies={o.series.currencies} bucket={o.series.bucket} />
      </Card>

      <section aria-labelledby="webhooks-heading" className="space-y-4">
        <h2 id="webhooks-heading" className="text-lg font-semibold">
          Webhook backlog
        </h2>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Stat label="Pending" value={o.webhooks.pending} />
          <Stat label="Failed, retrying" value={o.webhooks.failed} />
          <Stat
            label="Dead"
            value={o.webhooks.dead}
            hint={o.webhooks.dead ? <Link href="/admin/webhooks?status=dead">Review dead events</Link> : undefined}
          />
          <Stat label="Oldest unprocessed" value={formatSeconds(o.webhooks.oldestPendingSeconds)} />
        </dl>
      </section>

      <Card title="Recent failed payments">
        <Table
          caption="The ten most recent failed payments"
          columns={['Date', 'Customer', 'Card', { label: 'Amount', align: 'right' }]}
          rows={o.recentFailed}
          empty="No failed payments."
        >
          {(p) => (
            <tr key={p.id} className="border-t border-gray-100">
              <td className="py-2">
                <Link href={`/admin/payments/${p.id}`}>{formatDateTime(p.createdAt)}</Link>
              </td>
              <td>{p.customerEmail}</td>
              <td>{cardLabel(p.cardBrand, p.cardLast4)}</td>
              <td className="text-right">{formatMoney(p.amount, p.currency)}</td>
            </tr>
          )}
        </Table>
      </Card>

      <Card title="Newest customers">
        <Table caption="The ten newest accounts" columns={['Email', 'Name', 'Role', 'Joined']} rows={users}>
          {(u) => (
            <tr key={u.id} className="border-t border-gray-100">
              <td className="py-2">
                <Link href={`/admin/customers/${u.id}`}>{u.email}</Link>
              </td>
              <td>{u.name ?? '—'}</td>
              <td>{u.role}</td>
              <td>{u.createdAt.toISOString().slice(0, 10)}</td>
            </tr>
          )}
        </Table>
      </Card>
    </div>
  );
}
