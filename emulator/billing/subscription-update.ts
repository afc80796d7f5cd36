// Updating a subscription's items: prorations (create_prorations, always_invoice, none),
// interval changes that reset the billing cycle, and the invoice that follows.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { addIntervals } from '../core/time';
import { ApiError, invalid } from '../wire/errors';
import { idOf } from '../resources/common';
import { collectInvoice, finalizeInvoice } from './collect';
import { periodInvoice } from './cycle';
import { createItem, intervalOf, periodOf, planOf, setPeriod } from './items';
import { createProrations, prorationSpecs, type ItemChange } from './proration';

export interface ItemEdit {
  id?: string;
  price?: Stripe.Price;
  quantity?: number;
  deleted?: boolean;
  metadata?: Record<string, string>;
}

export type ProrationBehavior = 'create_prorations' | 'none' | 'always_invoice';

/** Applies item edits in place and returns what changed, for proration. */
export function applyItemEdits(sub: Stripe.Subscription, edits: ItemEdit[], at: number, param: (i: number) => string): ItemChange[] {
  const changes: ItemChange[] = [];
  const period = periodOf(sub);
  edits.forEach((edit, i) => {
    if (edit.id !== undefined) {
      const item = sub.items.data.find((x) => x.id === edit.id);
      if (!item) throw invalid(`No such subscription item: '${edit.id}'`, `${param(i)}[id]`, 'resource_missing');
      const oldPrice = item.price;
      const oldQuantity = item.quantity ?? 1;
      if (edit.deleted) {
        sub.items.data = sub.items.data.filter((x) => x !== item);
        changes.push({ itemId: item.id, oldPrice, oldQuantity, newPrice: null, newQuantity: 0 });
        return;
      }
      if (edit.price) {
        item.price = edit.price;
        item.plan = planOf(edit.price);
      }
      if (edit.quantity !== undefined) item.quantity = edit.quantity;
      if (edit.metadata) item.metadata = { ...item.metadata, ...edit.metadata };
      changes.push({ itemId: item.id, oldPrice, oldQuantity, newPrice: item.price, newQuantity: item.quantity ?? 1 });
      return;
    }
    if (!edit.price) throw invalid('Each new subscription item needs a price.', `${param(i)}[price]`);
    const item = createItem(sub.id, edit.price, edit.quantity ?? 1, edit.metadata ?? {}, period, at);
    sub.items.data.push(item);
    changes.push({ itemId: item.id, oldPrice: null, oldQuantity: 0, newPrice: edit.price, newQuantity: item.quantity ?? 1 });
  });
  if (sub.items.data.length === 0)
    throw invalid(
      'A subscription must have at least one active plan. To cancel a subscription, please use the cancel API endpoint.',
      'items',
    );
  return changes;
}

/** Bills an update right away: an invoice with this subscription's pending items (and a new period if reset). */
export function invoiceNow(
  emu: Emulator,
  sub: Stripe.Subscription,
  at: number,
  newPeriod: { start: number; end: number } | null,
  offSession: boolean,
): ApiError | null {
  const invoice = periodInvoice(emu, sub, {
    reason: 'subscription_update',
    period: newPeriod ?? { start: at, end: at },
    trial: false,
    at,
    autoAdvance: false,
    itemLines: newPeriod !== null,
  });
  finalizeInvoice(emu, invoice, at);
  if (invoice.status !== 'open' || sub.collection_method !== 'charge_automatically') return null;
  return collectInvoice(emu, invoice, { offSession, automatic: false });
}

/** Prorates item changes and bills them as `behavior` says; a changed interval restarts the cycle now. */
export function billItemChanges(
  emu: Emulator,
  sub: Stripe.Subscription,
  changes: ItemChange[],
  o: { at: number; prorationDate: number; behavior: ProrationBehavior; oldInterval: string; offSession: boolean },
): ApiError | null {
  const customer = emu.state.customers.get(idOf(sub.customer) ?? '');
  if (!customer || changes.length === 0 || sub.status === 'trialing') return null;
  const billable = sub.status === 'active' || sub.status === 'past_due';
  const period = periodOf(sub);
  const first = sub.items.data[0]?.price as Stripe.Price;
  const { interval, count } = intervalOf(first);
  const intervalChanged = `${interval}/${count}` !== o.oldInterval;
  if (billable && o.behavior !== 'none') createProrations(emu, prorationSpecs(emu, sub, customer, changes, o.prorationDate, period));
  if (intervalChanged && billable) {
    const end = addIntervals(o.at, interval, count, 1);
    sub.billing_cycle_anchor = o.at;
    setPeriod(sub, o.at, end);
    return invoiceNow(emu, sub, o.at, { start: o.at, end }, o.offSession);
  }
  if (billable && o.behavior === 'always_invoice') return invoiceNow(emu, sub, o.at, null, o.offSession);
  return null;
}
