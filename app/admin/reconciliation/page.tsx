import type { Metadata } from 'next';
import { formatDateTime } from '@/components/admin/format';
import { ReconciliationPanel } from '@/components/admin/reconciliation-panel';
import { AdminBadge } from '@/components/admin/status-badge';
import { Card } from '@/components/ui/card';
import { Table } from '@/components/ui/table';
import { listReconciliationRuns } from '@/lib/admin/reconciliation/run';
import { guardPage, userForPage } from '@/lib/auth/page-guards';

export const metadata: Metadata = { title: 'Reconciliation · Admin' };

export default async function ReconciliationPage() {
  const actor = await userForPage();
  const runs = await guardPage(() => listReconciliationRuns(actor, { limit: 10 }));
  const latest = runs[0] ?? null;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Reconciliation</h1>
      <p className="text-sm text-ink-muted">
        Compares our payments, refunds and subscriptions created in a window with Stripe&apos;s, and repairs missing, mismatched and
        duplicate rows from Stripe&apos;s state. Also available as <code>npm run reconcile</code>.
      </p>
      <Card>
        <ReconciliationPanel active={latest} />
      </Card>
      <Card title="Recent runs">
        <Table
          caption="The last ten reconciliation runs"
          columns={['Started', 'Source', 'Window', 'Status', 'Findings']}
          rows={runs}
          empty="No runs yet."
        >
          {(r) => (
            <tr key={r.id} className="border-t border-gray-100">
              <td className="py-2">{formatDateTime(r.createdAt)}</td>
              <td>{r.source === 'cli' ? 'npm run reconcile' : 'admin'}</td>
              <td className="text-xs">
                {formatDateTime(r.windowFrom)} – {formatDateTime(r.windowTo)}
              </td>
              <td>
                <AdminBadge status={r.status} />
              </td>
              <td>
                {r.report ? `${Object.values(r.report.counts).reduce((a, b) => a + b, 0)} found, ${r.report.repaired} repaired` : '—'}
              </td>
            </tr>
          )}
        </Table>
      </Card>
    </div>
  );
}
