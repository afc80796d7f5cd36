'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { AdminPaymentPage } from '@/lib/admin/payments';
import { formatMoney } from '@/lib/money';
import { DISPLAY_STATUSES } from '@/lib/payments/status';
import { parseMajorAmount } from './amount';
import { cardLabel, formatDateTime, words } from './format';
import { AdminBadge } from './status-badge';

type ApiError = { error: { code: string; message: string; fields?: Record<string, string[]> } };
class QueryError extends Error {
  constructor(readonly body: ApiError['error']) {
    super(body.message);
  }
}

export type PaymentFilters = {
  status: string;
  from: string;
  to: string;
  min: string;
  max: string;
  currency: string;
  q: string;
  sort: string;
};

const EMPTY: PaymentFilters = { status: '', from: '', to: '', min: '', max: '', currency: '', q: '', sort: 'created_desc' };

/** Major-unit text → minor units for the API: undefined when empty, null when malformed. */
function toMinor(value: string, currency: string): number | null | undefined {
  if (!value.trim()) return undefined;
  return parseMajorAmount(value, /^[a-z]{3}$/i.test(currency) ? currency : 'usd');
}

function apiParams(f: PaymentFilters, cursor: string | null): { params: URLSearchParams; errors: Record<string, string[]> } {
  const params = new URLSearchParams();
  const errors: Record<string, string[]> = {};
  if (f.status) params.set('status', f.status);
  if (f.from) params.set('from', f.from);
  if (f.to) params.set('to', f.to);
  if (f.currency) params.set('currency', f.currency);
  if (f.q) params.set('q', f.q);
  params.set('sort', f.sort);
  for (const [key, field] of [
    ['amountMin', 'min'],
    ['amountMax', 'max'],
  ] as const) {
    const minor = toMinor(f[field], f.currency);
    if (minor === null) errors[key] = ['Enter an amount like 10.00.'];
    else if (minor !== undefined) params.set(key, String(minor));
  }
  if (cursor) params.set('cursor', cursor);
  return { params, errors };
}

async function fetchPage(params: URLSearchParams): Promise<AdminPaymentPage> {
  const res = await fetch(`/api/admin/payments?${params}`, { cache: 'no-store' });
  const body = (await res.json()) as AdminPaymentPage | ApiError;
  if (!res.ok) throw new QueryError('error' in body ? body.error : { code: 'internal', message: 'The payments could not be loaded.' });
  return body as AdminPaymentPage;
}

type SortKey = 'created' | 'amount';

/** The admin payments table: filters and search validated by the API, server-side sort, keyset pages. */
export function PaymentsTable({ initial, initialPage }: { initial: Partial<PaymentFilters>; initialPage: AdminPaymentPage | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const id = useId();
  const [draft, setDraft] = useState<PaymentFilters>({ ...EMPTY, ...initial });
  const [applied, setApplied] = useState<PaymentFilters>({ ...EMPTY, ...initial });
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const { params, errors: localErrors } = apiParams(applied, cursor);
  const [initialKey] = useState(() => apiParams({ ...EMPTY, ...initial }, null).params.toString());
  const { data, error, isFetching } = useQuery({
    queryKey: ['admin-payments', params.toString()],
    queryFn: () => fetchPage(params),
    // The server rendered the first page of the initial filters; later keys are fetched.
    initialData: params.toString() === initialKey && initialPage ? initialPage : undefined,
    placeholderData: keepPreviousData,
    enabled: Object.keys(localErrors).length === 0,
    retry: false,
  });
  const serverErrors = error instanceof QueryError ? (error.body.fields ?? {}) : {};
  const fieldErrors: Record<string, string[]> = { ...serverErrors, ...localErrors };
  const generalError = error && !(error instanceof QueryError && error.body.fields) ? error.message : null;

  function apply(next: PaymentFilters) {
    setApplied(next);
    setCursors([]);
    const visible = new URLSearchParams(Object.entries(next).filter(([k, v]) => v && !(k === 'sort' && v === 'created_desc')));
    router.replace(visible.size ? `${pathname}?${visible}` : pathname, { scroll: false });
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    apply(draft);
  }
  function sortBy(key: SortKey) {
    const next = applied.sort === `${key}_desc` ? `${key}_asc` : `${key}_desc`;
    setDraft((d) => ({ ...d, sort: next }));
    apply({ ...applied, sort: next });
  }
  const ariaSort = (key: string) =>
    applied.sort.startsWith(key) ? (applied.sort.endsWith('_asc') ? 'ascending' : 'descending') : undefined;
  const input = (name: keyof PaymentFilters, apiName = name as string) => ({
    id: `${id}-${name}`,
    name,
    value: draft[name],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
    'aria-invalid': fieldErrors[apiName] ? true : undefined,
    'aria-describedby': fieldErrors[apiName] ? `${id}-${name}-error` : undefined,
    className: 'block w-full rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm aria-[invalid]:border-danger-600',
  });
  const fieldError = (name: keyof PaymentFilters, apiName = name as string) =>
    fieldErrors[apiName] ? (
      <p id={`${id}-${name}-error`} className="text-xs text-danger-700">
        {fieldErrors[apiName]!.join(' ')}
      </p>
    ) : null;
  const label = (name: keyof PaymentFilters, text: string) => (
    <label htmlFor={`${id}-${name}`} className="block text-xs font-medium text-ink-muted">
      {text}
    </label>
  );

  return (
    <div className="space-y-4">
      <form
        role="search"
        aria-label="Filter payments"
        onSubmit={submit}
        className="grid grid-cols-2 gap-3 rounded-card border border-gray-200 bg-white p-4 sm:grid-cols-4"
      >
        <div className="col-span-2 space-y-1">
          {label('q', 'Search: email, PaymentIntent id or card last 4')}
          <input type="search" {...input('q')} placeholder="jane@example.com, pi_…, 4242" />
          {fieldError('q')}
        </div>
        <div className="space-y-1">
          {label('status', 'Status')}
          <select {...input('status')}>
            <option value="">Any status</option>
            {DISPLAY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {words(s)}
              </option>
            ))}
          </select>
          {fieldError('status')}
        </div>
        <div className="space-y-1">
          {label('currency', 'Currency')}
          <input {...input('currency')} placeholder="usd" maxLength={3} autoComplete="off" />
          {fieldError('currency')}
        </div>
        <div className="space-y-1">
          {label('from', 'From (UTC)')}
          <input type="date" {...input('from')} />
          {fieldError('from')}
        </div>
        <div className="space-y-1">
          {label('to', 'To (UTC)')}
          <input type="date" {...input('to')} />
          {fieldError('to')}
        </div>
        <div className="space-y-1">
          {label('min', 'Amount from')}
          <input inputMode="decimal" {...input('min', 'amountMin')} placeholder="0.00" />
          {fieldError('min', 'amountMin')}
        </div>
        <div className="space-y-1">
          {label('max', 'Amount to')}
          <input inputMode="decimal" {...input('max', 'amountMax')} placeholder="1000.00" />
          {fieldError('max', 'amountMax')}
        </div>
        <div className="col-span-2 flex items-end gap-2 sm:col-span-4">
          <Button type="submit">Apply filters</Button>
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setDraft(EMPTY);
              apply(EMPTY);
            }}
          >
            Clear
          </Button>
          <span role="status" className="ml-auto text-sm text-ink-muted">
            {isFetching ? 'Loading…' : data ? `${data.items.length} shown${data.nextCursor ? ', more on the next page' : ''}` : ''}
          </span>
        </div>
      </form>

      {generalError ? <Alert tone="error">{generalError}</Alert> : null}

      <div className="overflow-x-auto rounded-card border border-gray-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Payments matching the filters; sortable by date and amount</caption>
          <thead className="bg-gray-50 text-ink-muted">
            <tr>
              <th scope="col" className="px-3 py-2" aria-sort={ariaSort('created')}>
                <button type="button" onClick={() => sortBy('created')} className="font-medium hover:underline">
                  Date {applied.sort.startsWith('created') ? (applied.sort.endsWith('_asc') ? '↑' : '↓') : ''}
                </button>
              </th>
              <th scope="col" className="px-3">
                Customer
              </th>
              <th scope="col" className="px-3">
                Status
              </th>
              <th scope="col" className="px-3">
                Card
              </th>
              <th scope="col" className="px-3">
                PaymentIntent
              </th>
              <th scope="col" className="px-3 text-right" aria-sort={ariaSort('amount')}>
                <button type="button" onClick={() => sortBy('amount')} className="font-medium hover:underline">
                  Amount {applied.sort.startsWith('amount') ? (applied.sort.endsWith('_asc') ? '↑' : '↓') : ''}
                </button>
              </th>
            </tr>
          </thead>
          <tbody>
            {data?.items.map((p) => (
              <tr key={p.id} className="border-t border-gray-100" data-testid="admin-payment-row">
                <td className="whitespace-nowrap px-3 py-2">
                  <Link href={`/admin/payments/${p.id}`}>{formatDateTime(p.createdAt)}</Link>
                </td>
                <td className="px-3">{p.customerEmail}</td>
                <td className="px-3">
                  <AdminBadge status={p.status} />
                  {p.disputed ? (
                    <span className="ml-1">
                      <AdminBadge status="disputed" />
                    </span>
                  ) : null}
                </td>
                <td className="whitespace-nowrap px-3">{cardLabel(p.cardBrand, p.cardLast4)}</td>
                <td className="px-3 font-mono text-xs">{p.paymentIntentId ?? '—'}</td>
                <td className="whitespace-nowrap px-3 text-right">
                  {formatMoney(p.amount, p.currency)}
                  {p.amountRefunded > 0 ? (
                    <span className="block text-xs text-ink-muted">{formatMoney(p.amountRefunded, p.currency)} refunded</span>
                  ) : null}
                </td>
              </tr>
            ))}
            {data && data.items.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-3 py-8 text-center text-ink-muted">
                  No payments match these filters.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" className="flex items-center gap-3">
        <Button type="button" variant="secondary" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          ← Previous
        </Button>
        <span className="text-sm text-ink-muted">Page {cursors.length + 1}</span>
        <Button
          type="button"
          variant="secondary"
          disabled={!data?.nextCursor}
          onClick={() => data?.nextCursor && setCursors((c) => [...c, data.nextCursor!])}
        >
          Next →
        </Button>
      </nav>
    </div>
  );
}
