'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { newKey } from '@/components/payments/new-key';
import { Button } from '@/components/ui/button';
import { formatMoney } from '@/lib/money';
import { formatMajorAmount as major, parseMajorAmount as toMinor } from './amount';

type Props = { paymentId: string; refundable: number; currency: string; approvalThreshold: number };
type Failure = { message: string; fields?: Record<string, string[]> };

const REASONS = [
  ['requested_by_customer', 'Requested by customer'],
  ['duplicate', 'Duplicate'],
  ['fraudulent', 'Fraudulent'],
] as const;

/** The admin refund form in a modal dialog: full or partial amount, reason, internal note. */
export function RefundDialog({ paymentId, refundable, currency, approvalThreshold }: Props) {
  const router = useRouter();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [amount, setAmount] = useState(major(refundable, currency));
  const [reason, setReason] = useState<string>('requested_by_customer');
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // One Idempotency-Key per distinct request: a retry of the same form reuses it, an edited form gets a new one.
  const attempt = useRef<{ body: string; key: string } | null>(null);

  function open() {
    setAmount(major(refundable, currency));
    setFailure(null);
    setDone(null);
    dialog.current?.showModal();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const minor = toMinor(amount, currency);
    if (minor === null)
      return setFailure({ message: 'Check the amount.', fields: { amount: [`Enter an amount like ${major(refundable, currency)}.`] } });
    const body = JSON.stringify({ paymentId, amount: minor, reason, ...(note.trim() ? { note: note.trim() } : {}) });
    if (attempt.current?.body !== body) attempt.current = { body, key: newKey() };
    setBusy(true);
    setFailure(null);
    try {
      const res = await fetch('/api/payments/refund', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': attempt.current.key },
        body,
      });
      const json = (await res.json().catch(() => null)) as { error?: Failure } | null;
      if (!res.ok) {
        setFailure(json?.error ?? { message: 'The refund could not be submitted. Please try again.' });
        return;
      }
      attempt.current = null;
      dialog.current?.close();
      setDone(
        res.status === 202
          ? `Refund of ${formatMoney(minor, currency)} needs a second admin's approval.`
          : `Refund of ${formatMoney(minor, currency)} submitted; waiting for Stripe to confirm it.`,
      );
      router.refresh();
    } catch {
      setFailure({ message: 'The server could not be reached. Submit again: the refund will not be made twice.' });
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: string) =>
    failure?.fields?.[name] ? (
      <p id={`${id}-${name}-error`} className="text-sm text-danger-700">
        {failure.fields[name]!.join(' ')}
      </p>
    ) : null;
  const describedBy = (name: string, hint?: string) =>
    [failure?.fields?.[name] ? `${id}-${name}-error` : null, hint].filter(Boolean).join(' ') || undefined;

  return (
    <div>
      <Button type="button" variant="danger" onClick={open} disabled={refundable <= 0}>
        Refund…
      </Button>
      <p role="status" className="mt-2 text-sm text-success-700">
        {done ?? ''}
      </p>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="w-full max-w-md rounded-card border border-gray-200 p-6 shadow-xl backdrop:bg-black/40"
      >
        <form onSubmit={submit} className="space-y-4" noValidate>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Refund this payment
          </h2>
          <p id={`${id}-limits`} className="text-sm text-ink-muted">
            Up to {formatMoney(refundable, currency)} can be refunded. Refunds above {formatMoney(approvalThreshold, currency)} need a
            second admin&apos;s approval.
          </p>
          <div className="space-y-1">
            <label htmlFor={`${id}-amount`} className="block text-sm font-medium">
              Amount ({currency.toUpperCase()})
            </label>
            <input
              id={`${id}-amount`}
              name="amount"
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              aria-invalid={failure?.fields?.amount ? true : undefined}
              aria-describedby={describedBy('amount', `${id}-limits`)}
              className="block w-full rounded-md border border-gray-300 px-3 py-2 text-sm aria-[invalid]:border-danger-600"
            />
            {fieldError('amount')}
          </div>
          <div className="space-y-1">
            <label htmlFor={`${id}-reason`} className="block text-sm font-medium">
              Reason
            </label>
            <select
              id={`${id}-reason`}
              name="reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-describedby={describedBy('reason')}
              className="block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm"
            >
              {REASONS.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
            {fieldError('reason')}
          </div>
          <div className="space-y-1">
            <label htmlFor={`${id}-note`} className="block text-sm font-medium">
              Internal note (optional)
            </label>
            <textarea
              id={`${id}-note`}
              name="note"
              rows={3}
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              aria-describedby={describedBy('note')}
              className="block w-full rounded-md border border-gray-300 px-3 py-2 text-sm"
            />
            {fieldError('note')}
          </div>
          {failure && !failure.fields ? (
            <p role="alert" className="text-sm text-danger-700">
              {failure.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={busy}>
              {busy ? 'Refunding…' : 'Refund'}
            </Button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
