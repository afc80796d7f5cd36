'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';

type Props = {
  url: string;
  label: string;
  pendingLabel?: string;
  variant?: 'primary' | 'secondary' | 'danger';
  body?: unknown;
  confirm?: string;
  describedBy?: string;
};

/** POSTs to an admin API route, then refreshes the page; shows the server's message on failure. */
export function ActionButton({ url, label, pendingLabel, variant = 'secondary', body, confirm, describedBy }: Props) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [, startTransition] = useTransition();
  async function run() {
    if (confirm && !window.confirm(confirm)) return;
    setBusy(true);
    setMessage(null);
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
      const json = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      if (!res.ok) setMessage({ ok: false, text: json?.error?.message ?? 'That did not work. Please try again.' });
      else {
        setMessage({ ok: true, text: 'Done.' });
        startTransition(() => router.refresh());
      }
    } catch {
      setMessage({ ok: false, text: 'The server could not be reached. Please try again.' });
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button type="button" variant={variant} onClick={run} disabled={busy} aria-describedby={describedBy} className="px-3 py-1.5">
        {busy ? (pendingLabel ?? `${label}…`) : label}
      </Button>
      <span
        role={message && !message.ok ? 'alert' : 'status'}
        className={`text-sm ${message?.ok ? 'text-success-700' : 'text-danger-700'}`}
      >
        {message?.text ?? ''}
      </span>
    </span>
  );
}
