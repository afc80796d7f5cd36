// Events: retrieve and list with `type` (wildcards), `types[]`, `created` and `delivery_success`.
import type { Route } from '../wire/router';
import { validationError } from '../wire/errors';
import { paginate } from '../wire/list';
import { arr, bool, pagination, parseParams, range, str } from '../wire/schema';
import { getOr404 } from './common';

/** `*` in an event type filter matches any run of characters (`invoice.*`). */
function matcher(pattern: string): (type: string) => boolean {
  if (!pattern.includes('*')) return (t) => t === pattern;
  const pieces = pattern.split('*');
  return (t) => {
    const first = pieces[0] as string;
    const last = pieces[pieces.length - 1] as string;
    if (!t.startsWith(first) || !t.endsWith(last) || t.length < first.length + last.length) return false;
    let at = first.length;
    for (const piece of pieces.slice(1, -1)) {
      const found = t.indexOf(piece, at);
      if (found === -1) return false;
      at = found + piece.length;
    }
    return at <= t.length - last.length;
  };
}

export const eventRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/events/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), getOr404(emu.state.events, path.id as string, 'event')),
  },
  {
    method: 'GET',
    path: '/v1/events',
    handler: ({ emu, params }) => {
      const p = parseParams(
        { ...pagination, created: range(), type: str(), types: arr(str(), { max: 20 }), delivery_success: bool() },
        params,
      );
      if (p.type !== undefined && p.types !== undefined) throw validationError('You may pass either type or types, but not both.', 'types');
      const one = p.type !== undefined ? matcher(p.type) : null;
      const many = p.types?.map(matcher) ?? null;
      return paginate(
        emu.state.events.values(),
        p,
        '/v1/events',
        (e) =>
          (!one || one(e.type)) &&
          (!many || many.some((m) => m(e.type))) &&
          (p.delivery_success === undefined || (e.pending_webhooks === 0) === p.delivery_success),
      );
    },
  },
];
