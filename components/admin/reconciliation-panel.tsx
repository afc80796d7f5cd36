'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { ReconciliationRunView } from '@/lib/admin/reconciliation/run';
import { AdminBadge } from './status-badge';
import { WindowFields } from './window-fields';

type Failure = { message: string; fields?: Record<string, string[]> };

async function fetchRun(id: string): Promise<ReconciliationRunView> {
  const res = await fetch(`/api/admin/reconciliation/${id}`, { cache: 'no-store' });
  if (!res.ok) throw new Error('The run could not be loaded.');
  return (await res.json()) as ReconciliationRunView;
}

/** Starts a reconciliation and follows its progress until the report is in. */
export function ReconciliationPanel({ active }: { active: ReconciliationRunView | null }) {
  const router = useRouter();
  const [runId, setRunId] = useState<string | null>(active?.id ?? null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const { data: run } = useQuery({
    queryKey: ['reconciliation', runId],
    queryFn: () => fetchRun(runId!),
    enabled: !!runId,
    initialData: active && active.id === runId ? active : undefined,
    refetchInterval: (q) => (q.state.data && ['completed', 'failed'].includes(q.state.data.status) ? false : 700),
  });

  async function start(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = { from: form.get('from') || undefined, to: form.get('to') || undefined, repair: form.get('repair') === 'on' };
    setBusy(true);
    setFailure(null);
    try {
      const res = await fetch('/api/admin/reconciliation', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as unknown;
      if (!res.ok) setFailure((json as { error?: Failure }).error ?? { message: 'The run could not be started.' });
      else {
        setRunId((json as ReconciliationRunView).id);
        router.refresh();
      }
    } catch {
      setFailure({ message: 'The server could not be reached. Please try again.' });
    } finally {
      setBusy(false);
    }
  }

  const running = run && (run.status === 'queued' || run.status === 'running');
  return (
    <div className="space-y-4">
      <form onSubmit={start} className="flex flex-wrap items-end gap-3" noValidate aria-label="Start a reconciliation">
        <WindowFields idPrefix="rec" errors={failure?.fields} />
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" name="repair" defaultChecked /> Repair from Stripe
        </label>
        <Button type="submit" disabled={busy || !!running}>
          {busy ? 'Starting…' : 'Run reconciliation'}
        </Button>
      </form>
      {failure && !failure.fields ? <Alert tone="error">{failure.message}</Alert> : null}

      {run ? (
        <section aria-labelledby="run-heading" className="space-y-3 rounded-card border border-gray-200 bg-white p-4">
          <h2 id="run-heading" className="flex items-center gap-2 font-semibold">
            Run <AdminBadge status={run.status} />
          </h2>
          <div role="status" aria-live="polite" className="space-y-1 text-sm">
            <p>{run.phase ?? 'Waiting for a worker…'}</p>
            {running ? (
              <progress
                className="h-2 w-full"
                max={run.total || undefined}
                value={run.total ? run.done : undefined}
                aria-label="Reconciliation progress"
              >
                {run.done} of {run.total}
              </progress>
            ) : null}
            {running ? (
              <p className="text-ink-muted">
                {run.done} of {run.total || '…'}
              </p>
            ) : null}
          </div>
          {run.status === 'failed' ? <Alert tone="error">{run.error ?? 'The run failed.'}</Alert> : null}
          {run.report ? (
            <div className="space-y-3 text-sm">
              <p data-testid="reconciliation-summary">
                Checked {run.report.checked.payment ?? 0} payments, {run.report.checked.refund ?? 0} refunds,{' '}
                {run.report.checked.subscription ?? 0} subscriptions. Missing {run.report.counts.missing ?? 0}, mismatched{' '}
                {run.report.counts.mismatched ?? 0}, duplicate {run.report.counts.duplicate ?? 0}, stuck {run.report.counts.stuck ?? 0},
                unknown to Stripe {run.report.counts.unknown_to_stripe ?? 0}; repaired {run.report.repaired}.
              </p>
              {run.report.findings.length > 0 ? (
                <table className="w-full text-left text-xs">
                  <caption className="sr-only">Differences found</caption>
                  <thead className="text-ink-muted">
                    <tr>
                      <th scope="col" className="py-1">
                        Object
                      </th>
                      <th scope="col">Finding</th>
                      <th scope="col">Stripe id</th>
                      <th scope="col">Detail</th>
                      <th scope="col">Repaired</th>
                    </tr>
                  </thead>
                  <tbody>
                    {run.report.findings.map((f, i) => (
                      <tr key={i} className="border-t border-gray-100 align-top">
                        <td className="py-1">{f.object}</td>
                        <td>{f.kind.replace(/_/g, ' ')}</td>
                        <td className="font-mono">{f.stripeId ?? '—'}</td>
                        <td>{f.detail}</td>
                        <td>{f.repaired ? 'yes' : f.error ? `no: ${f.error}` : 'no'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
