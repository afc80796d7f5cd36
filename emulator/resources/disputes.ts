// Disputes: retrieve and list (they are opened by the 4000000000000259 test card).
import { paginate } from '../wire/list';
import type { Route } from '../wire/router';
import { pagination, parseParams, range, str } from '../wire/schema';
import { getOr404, idOf } from './common';

export const disputeRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/disputes/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), getOr404(emu.state.disputes, path.id as string, 'dispute')),
  },
  {
    method: 'GET',
    path: '/v1/disputes',
    handler: ({ emu, params }) => {
      const p = parseParams({ ...pagination, created: range(), charge: str(), payment_intent: str() }, params);
      return paginate(
        emu.state.disputes.values(),
        p,
        '/v1/disputes',
        (d) =>
          (p.charge === undefined || idOf(d.charge) === p.charge) &&
          (p.payment_intent === undefined || idOf(d.payment_intent) === p.payment_intent),
      );
    },
  },
];
