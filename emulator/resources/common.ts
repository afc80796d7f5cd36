// Small helpers every resource handler uses.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { noSuch } from '../wire/errors';

export function getOr404<T>(map: Map<string, T>, id: string, kind: string, param = 'id'): T {
  const found = map.get(id);
  if (found === undefined) throw noSuch(kind, id, param);
  return found;
}

export function idOf(ref: string | { id: string } | null | undefined): string | null {
  if (ref === null || ref === undefined) return null;
  return typeof ref === 'string' ? ref : ref.id;
}

export function customerOr404(emu: Emulator, id: string, param = 'customer'): Stripe.Customer {
  return getOr404(emu.state.customers, id, 'customer', param);
}

export function productIdOf(price: Stripe.Price): string {
  return typeof price.product === 'string' ? price.product : price.product.id;
}

export function emptyAddress(): Stripe.Address {
  return { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
}

/** Applies `''`-means-null semantics for a nullable string parameter. */
export function nullable(v: string | null | undefined, current: string | null): string | null {
  if (v === undefined) return current;
  return v === '' ? null : v;
}
