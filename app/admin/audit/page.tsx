import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterField } from '@/components/admin/filter-field';
import { FilterForm } from '@/components/admin/filter-form';
import { formatDateTime, words } from '@/components/admin/format';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { NextPageLink } from '@/components/ui/next-page-link';
import { Table } from '@/components/ui/table';
import { auditChainStatus, listAuditEntries } from '@/lib/admin/audit-log';
import { loadOrInvalid } from '@/lib/admin/validation';
import { guardPage, userForPage } from '@/lib/auth/page-guards';
import { formatMoney } from '@/lib/money';

export const metadata: Metadata = { title: 'Audit log · Admin' };

type Search = { actor?: string; action?: string; target?: string; from?: string; to?: string; cursor?: string };

const targetHref = (type: string | null, id: string | null) =>
  type === 'payment' && id ? `/admin/payments/${id}` : type === 'stripe_event' && id ? `/admin/webhooks/${id}` : null;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await userForPage();
  const sp = await searchParams;
  const filters = { actor: sp.actor, action: sp.action, target: sp.target, from: sp.from, to: sp.to };
  const [result, chain] = await guardPage(() =>
    Promise.all([loadOrInvalid(() => listAuditEntries(actor, { ...filters, cursor: sp.cursor })), auditChainStatus(actor)]),
  );
  const fields = result.ok ? {} : result.fields;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Audit log</h1>
      {chain.ok ? (
        <Alert tone="success">
          Hash chain verified: {chain.verified.toLocaleString('en-US')} entries{chain.lastId ? `, up to entry #${chain.lastId}` : ''}.
        </Alert>
      ) : (
        <Alert tone="error">
          Hash chain broken at entry #{chain.brokenAt?.id}: {chain.brokenAt?.reason}. {chain.verified.toLocaleString('en-US')} entries
          before it verify.
        </Alert>
      )}
      <FilterForm label="Filter the audit log" columns={3}>
        <FilterField
          name="actor"
          label="Actor (email, user id, or admin / system / stripe)"
          defaultValue={sp.actor}
          errors={fields.actor}
        />
        <FilterField name="action" label="Action (e.g. refund.requested, or refund)" defaultValue={sp.action} errors={fields.action} />
        <FilterField name="target" label="Target (id, or type:id)" defaultValue={sp.target} errors={fields.target} />
        <FilterField name="from" label="From (UTC)" type="date" defaultValue={sp.from} errors={fields.from} />
        <FilterField name="to" label="To (UTC)" type="date" defaultValue={sp.to} errors={fields.to} />
      </FilterForm>
      {!result.ok && Object.keys(fields).length === 0 ? <Alert tone="error">{result.message}</Alert> : null}
      <Card>
        {result.ok ? (
          <Table
            caption="Audit entries, newest first"
            columns={['#', 'When', 'Actor', 'Action', 'Target', { label: 'Amount', align: 'right' }]}
            rows={result.data.items}
            empty="No entries match."
            scroll
          >
            {(a) => {
              const href = targetHref(a.targetType, a.targetId);
              return (
                <tr key={a.id} className="border-t border-gray-100 align-top" data-testid="audit-row">
                  <td className="py-2 text-ink-muted">{a.id}</td>
                  <td className="whitespace-nowrap">{formatDateTime(a.occurredAt)}</td>
                  <td>{a.actorEmail ?? a.actorType}</td>
                  <td>{words(a.action)}</td>
                  <td className="text-xs">
                    {a.targetType ? `${a.targetType}: ` : ''}
                    {href ? <Link href={href}>{a.targetId}</Link> : (a.targetId ?? '—')}
                  </td>
                  <td className="text-right">{a.amount != null && a.currency ? formatMoney(a.amount, a.currency) : ''}</td>
                </tr>
              );
            }}
          </Table>
        ) : null}
      </Card>
      {result.ok ? <NextPageLink base="/admin/audit" params={filters} cursor={result.data.nextCursor} /> : null}
    </div>
  );
}
