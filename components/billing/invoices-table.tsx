import { formatMoney } from '@/lib/money';
import { DateText } from './date-text';
import { INVOICE_STATUS_LABELS } from './format';
import type { InvoiceView } from './types';

/** The subscription's invoices with links to Stripe's hosted invoice page and PDF. */
export function InvoicesTable({ invoices }: { invoices: InvoiceView[] }) {
  if (invoices.length === 0) return <p className="text-sm text-ink-muted">No invoices yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Invoices">
        <thead className="text-ink-muted">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">
              Number
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Date
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Amount
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Status
            </th>
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">Links</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((i) => (
            <tr key={i.id} className="border-t border-gray-100" data-testid="invoice-row" data-invoice={i.id}>
              <td className="py-2 pr-4">{i.number ?? '—'}</td>
              <td className="py-2 pr-4">
                <DateText iso={i.createdAt} />
              </td>
              <td className="py-2 pr-4" data-testid="invoice-amount">
                {formatMoney(i.total, i.currency)}
              </td>
              <td className="py-2 pr-4">{INVOICE_STATUS_LABELS[i.status] ?? i.status}</td>
              <td className="space-x-3 py-2 whitespace-nowrap">
                {i.hostedInvoiceUrl ? (
                  <a href={i.hostedInvoiceUrl} target="_blank" rel="noopener noreferrer">
                    View<span className="sr-only"> invoice {i.number ?? ''}</span>
                  </a>
                ) : null}
                {i.invoicePdf ? (
                  <a href={i.invoicePdf} target="_blank" rel="noopener noreferrer">
                    PDF<span className="sr-only"> of invoice {i.number ?? ''}</span>
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
