// Proration: credit for unused time on the old price, charge for the remaining time on the new one.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { formatDate } from '../core/time';
import { buildInvoiceItem, createInvoiceItem, type NewInvoiceItem } from './invoice-item-object';

export interface ItemChange {
  itemId: string;
  oldPrice: Stripe.Price | null;
  oldQuantity: number;
  newPrice: Stripe.Price | null;
  newQuantity: number;
}

function productName(emu: Emulator, price: Stripe.Price): string {
  const id = typeof price.product === 'string' ? price.product : price.product.id;
  return emu.state.products.get(id)?.name ?? 'Product';
}

function label(emu: Emulator, price: Stripe.Price, quantity: number): string {
  return quantity === 1 ? productName(emu, price) : `${quantity} × ${productName(emu, price)}`;
}

/** The proration invoice items for `changes` made at `at` within `period` (specs only, nothing stored). */
export function prorationSpecs(
  emu: Emulator,
  sub: Stripe.Subscription,
  customer: Stripe.Customer,
  changes: ItemChange[],
  at: number,
  period: { start: number; end: number },
): NewInvoiceItem[] {
  const length = period.end - period.start;
  if (length <= 0 || at >= period.end) return [];
  const factor = (period.end - Math.max(at, period.start)) / length;
  const specs: NewInvoiceItem[] = [];
  const base = {
    customer,
    currency: sub.currency,
    date: at,
    proration: true,
    subscription: sub.id,
    invoice: null,
    metadata: {},
    period: { start: Math.max(at, period.start), end: period.end },
  };
  for (const c of changes) {
    const same = c.oldPrice && c.newPrice && c.oldPrice.id === c.newPrice.id && c.oldQuantity === c.newQuantity;
    if (same) continue;
    if (c.oldPrice && c.oldQuantity > 0) {
      const full = (c.oldPrice.unit_amount ?? 0) * c.oldQuantity;
      specs.push({
        ...base,
        amount: -Math.round(full * factor),
        description: `Unused time on ${label(emu, c.oldPrice, c.oldQuantity)} after ${formatDate(at)}`,
        quantity: c.oldQuantity,
        unitAmount: c.oldPrice.unit_amount,
        price: c.oldPrice,
        subscriptionItem: c.itemId,
      });
    }
    if (c.newPrice && c.newQuantity > 0) {
      const full = (c.newPrice.unit_amount ?? 0) * c.newQuantity;
      specs.push({
        ...base,
        amount: Math.round(full * factor),
        description: `Remaining time on ${label(emu, c.newPrice, c.newQuantity)} after ${formatDate(at)}`,
        quantity: c.newQuantity,
        unitAmount: c.newPrice.unit_amount,
        price: c.newPrice,
        subscriptionItem: c.itemId,
      });
    }
  }
  return specs;
}

export function createProrations(emu: Emulator, specs: NewInvoiceItem[]): Stripe.InvoiceItem[] {
  return specs.map((s) => createInvoiceItem(emu, s));
}

export function previewProrations(specs: NewInvoiceItem[]): Stripe.InvoiceItem[] {
  return specs.map((s) => buildInvoiceItem(s));
}
