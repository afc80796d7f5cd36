import type { Metadata } from 'next';
import { PaymentsTable, type PaymentFilters } from '@/components/admin/payments-table';
import { listAdminPayments } from '@/lib/admin/payments';
import { loadOrInvalid } from '@/lib/admin/validation';
import { guardPage, userForPage } from '@/lib/auth/page-guards';

export const metadata: Metadata = { title: 'Payments · Admin' };

type Search = Partial<Record<keyof PaymentFilters, string | string[]>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export default async function AdminPaymentsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await userForPage();
  const sp = await searchParams;
  const filters: PaymentFilters = {
    status: first(sp.status),
    from: first(sp.from),
    to: first(sp.to),
    min: first(sp.min),
    max: first(sp.max),
    currency: first(sp.currency),
    q: first(sp.q),
    sort: first(sp.sort) || 'created_desc',
  };
  // Amounts are major units here and minor units in the API: with either set, the table fetches the first page itself.
  const { min, max, ...query } = filters;
  // The first page is rendered here (and authorises the page); bad filters in the URL are shown by the table instead.
  const loaded = await guardPage(() => loadOrInvalid(() => listAdminPayments(actor, query)));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Payments</h1>
      <PaymentsTable initial={filters} initialPage={loaded.ok && !min && !max ? loaded.data : null} />
    </div>
  );
}
