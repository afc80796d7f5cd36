import Link from 'next/link';

const LINKS = [
  ['/admin', 'Overview'],
  ['/admin/payments', 'Payments'],
  ['/admin/refunds', 'Refund approvals'],
  ['/admin/customers', 'Customers'],
  ['/admin/webhooks', 'Webhooks'],
  ['/admin/audit', 'Audit log'],
  ['/admin/reconciliation', 'Reconciliation'],
] as const;

/** The admin section's own navigation. */
export function AdminNav() {
  return (
    <nav aria-label="Admin" className="mb-8 flex flex-wrap gap-x-5 gap-y-2 border-b border-gray-200 pb-3 text-sm">
      {LINKS.map(([href, label]) => (
        <Link key={href} href={href} className="no-underline hover:underline">
          {label}
        </Link>
      ))}
    </nav>
  );
}
