// Minimal hosted pages behind receipt_url and hosted_invoice_url, so links in the app resolve.
import type { ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { formatAmount } from '../payments/currency';

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, rows: [string, string][]): string {
  const body = rows.map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(v)}</td></tr>`).join('');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>` +
    '<style>body{font:15px system-ui,sans-serif;max-width:32rem;margin:3rem auto;color:#1a1f36}th{text-align:left;padding:.3rem 1rem .3rem 0;color:#697386}</style>' +
    `</head><body><h1>${escape(title)}</h1><p>Stripe emulator — test mode, no real money moved.</p><table>${body}</table></body></html>`
  );
}

function receipt(charge: Stripe.Charge): string {
  return page('Receipt', [
    ['Amount paid', formatAmount(charge.amount_captured || charge.amount, charge.currency)],
    ['Refunded', formatAmount(charge.amount_refunded, charge.currency)],
    ['Card', `${charge.payment_method_details?.card?.brand ?? 'card'} •••• ${charge.payment_method_details?.card?.last4 ?? ''}`],
    ['Date', new Date(charge.created * 1000).toUTCString()],
    ['Charge', charge.id],
  ]);
}

function invoicePage(invoice: Stripe.Invoice): string {
  return page(`Invoice ${invoice.number ?? invoice.id}`, [
    ['Status', invoice.status ?? ''],
    ['Amount due', formatAmount(invoice.amount_due, invoice.currency)],
    ['Amount paid', formatAmount(invoice.amount_paid, invoice.currency)],
    ...invoice.lines.data.map((l): [string, string] => [l.description ?? 'Line', formatAmount(l.amount, l.currency)]),
  ]);
}

/** Serves /receipts/:charge and /invoices/:invoice; false when the path is neither. */
export function serveHostedPage(emu: Emulator, pathname: string, res: ServerResponse): boolean {
  const m = /^\/(receipts|invoices)\/([A-Za-z0-9_]+)$/.exec(pathname);
  if (!m) return false;
  const html =
    m[1] === 'receipts'
      ? (() => {
          const c = emu.state.charges.get(m[2] as string);
          return c ? receipt(c) : null;
        })()
      : (() => {
          const i = emu.state.invoices.get(m[2] as string);
          return i ? invoicePage(i) : null;
        })();
  res.writeHead(html ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
  res.end(html ?? page('Not found', []));
  return true;
}
