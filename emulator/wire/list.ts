// Stripe list objects: newest first, `limit`, `starting_after` / `ending_before`, `has_more`.
import { inRange, type Range } from './schema';
import { noSuch } from './errors';

export interface ListParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
  created?: Range;
}

export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

interface Listable {
  id: string;
  created: number;
}

export function listOf<T>(data: T[], url: string, hasMore = false): ListObject<T> {
  return { object: 'list', data, has_more: hasMore, url };
}

/** Pages through `items` (any insertion order), keeping those that pass `keep` and `params.created`. */
export function paginate<T extends Listable>(
  items: Iterable<T>,
  params: ListParams,
  url: string,
  keep: (item: T) => boolean = () => true,
): ListObject<T> {
  const all: T[] = [];
  for (const item of items) if (keep(item) && inRange(item.created, params.created)) all.push(item);
  all.reverse();
  // Stable sort: equal `created` keeps newest-inserted first, like Stripe's id ordering.
  all.sort((a, b) => b.created - a.created);
  return page(all, params, url);
}

/** One page of an already ordered list. */
export function page<T extends { id: string }>(all: T[], params: ListParams, url: string): ListObject<T> {
  const limit = params.limit ?? 10;
  if (params.starting_after !== undefined) {
    const i = all.findIndex((x) => x.id === params.starting_after);
    if (i === -1) throw noSuch('object', params.starting_after, 'starting_after');
    const page = all.slice(i + 1, i + 1 + limit);
    return listOf(page, url, i + 1 + limit < all.length);
  }
  if (params.ending_before !== undefined) {
    const i = all.findIndex((x) => x.id === params.ending_before);
    if (i === -1) throw noSuch('object', params.ending_before, 'ending_before');
    const start = Math.max(0, i - limit);
    return listOf(all.slice(start, i), url, start > 0);
  }
  return listOf(all.slice(0, limit), url, all.length > limit);
}
