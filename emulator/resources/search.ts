// GET /v1/{customers,payment_intents,charges,subscriptions,invoices,prices,products}/search.
import type { Emulator } from '../core/context';
import { validationError } from '../wire/errors';
import type { Route } from '../wire/router';
import { int, parseParams, required, str } from '../wire/schema';
import { matchesSearch, parseSearch } from '../wire/search';

type Searchable = { id: string; created: number };

const collections: Record<string, (emu: Emulator) => Iterable<Searchable>> = {
  customers: (emu) => emu.state.customers.values(),
  payment_intents: (emu) => emu.state.paymentIntents.values(),
  charges: (emu) => emu.state.charges.values(),
  subscriptions: (emu) => emu.state.subscriptions.values(),
  invoices: (emu) => emu.state.invoices.values(),
  prices: (emu) => emu.state.prices.values(),
  products: (emu) => emu.state.products.values(),
};

/** Search pages are numbered by offset, carried in an opaque `page` token like Stripe's. */
function offsetOf(page: string | undefined): number {
  if (page === undefined) return 0;
  const n = Number(
    Buffer.from(page, 'base64url')
      .toString('utf8')
      .replace(/^offset:/, ''),
  );
  if (!Number.isInteger(n) || n < 0) throw validationError('Invalid page token.', 'page');
  return n;
}

export const searchRoutes: Route[] = Object.entries(collections).map(([name, items]) => ({
  method: 'GET' as const,
  path: `/v1/${name}/search`,
  handler: ({ emu, params }) => {
    const p = parseParams({ query: required(str({ max: 1000 })), limit: int({ min: 1, max: 100 }), page: str() }, params);
    const q = parseSearch(p.query);
    const all = [...items(emu)]
      .filter((x) => matchesSearch(x, q))
      .reverse()
      .sort((a, b) => b.created - a.created);
    const offset = offsetOf(p.page);
    const limit = p.limit ?? 10;
    const data = all.slice(offset, offset + limit);
    const more = offset + limit < all.length;
    return {
      object: 'search_result',
      data,
      has_more: more,
      next_page: more ? Buffer.from(`offset:${offset + limit}`).toString('base64url') : null,
      url: `/v1/${name}/search`,
    };
  },
}));
