'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { WindowFields } from './window-fields';

type Failure = { message: string; fields?: Record<string, string[]> };

/** Backfill: ingest the events Stripe failed to deliver in a window (at most the last 30 days). */
export function BackfillForm() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = Object.fromEntries([...form.entries()].filter(([, v]) => v !== ''));
    setBusy(true);
    setFailure(null);
    setResult(null);
    try {
      const res = await fetch('/api/admin/webhooks/backfill', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { listed: number; stored: number; alreadyStored: number; truncated: boolean } | { error: Failure };
      if ('error' in json) setFailure(json.error);
      else {
        setResult(
          `Stripe listed ${json.listed} undelivered event${json.listed === 1 ? '' : 's'}: ${json.stored} stored and queued, ${json.alreadyStored} already here${json.truncated ? ' (stopped at the limit; run again)' : ''}.`,
        );
        router.refresh();
      }
    } catch {
      setFailure({ message: 'The server could not be reached. Please try again.' });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-labelledby="backfill-heading" noValidate>
      <WindowFields idPrefix="backfill" errors={failure?.fields} />
      <Button type="submit" variant="secondary" disabled={busy}>
        {busy ? 'Backfilling…' : 'Backfill from Stripe'}
      </Button>
      <p role="status" className="w-full text-sm text-success-700">
        {result ?? ''}
      </p>
      {failure && !failure.fields ? (
        <p role="alert" className="w-full text-sm text-danger-700">
          {failure.message}
        </p>
      ) : null}
    </form>
  );
}
