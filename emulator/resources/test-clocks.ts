// Test clocks: frozen time for the customers on them; advancing runs their billing.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { newId } from '../core/ids';
import { DAY, nowSeconds } from '../core/time';
import { invalid } from '../wire/errors';
import type { FormObject } from '../wire/form';
import { paginate } from '../wire/list';
import type { Route } from '../wire/router';
import { int, pagination, parseParams, required, str } from '../wire/schema';
import { advanceBilling } from '../billing/advance';
import { idOf, getOr404 } from './common';

function create(emu: Emulator, form: FormObject): Stripe.TestHelpers.TestClock {
  const p = parseParams({ frozen_time: required(int({ min: 0 })), name: str({ max: 300 }) }, form);
  const created = nowSeconds();
  const clock: Stripe.TestHelpers.TestClock = {
    id: newId('clock', 24),
    object: 'test_helpers.test_clock',
    created,
    deletes_after: created + 30 * DAY,
    frozen_time: p.frozen_time,
    livemode: false,
    name: p.name ?? null,
    status: 'ready',
    status_details: {},
  };
  emu.state.testClocks.set(clock.id, clock);
  emu.events.emit('test_helpers.test_clock.created', clock);
  return clock;
}

/** Like Stripe, the call returns `advancing` at once; the simulation runs right after the response. */
function advance(emu: Emulator, clock: Stripe.TestHelpers.TestClock, form: FormObject): Stripe.TestHelpers.TestClock {
  const p = parseParams({ frozen_time: required(int({ min: 0 })) }, form);
  if (clock.status !== 'ready')
    throw invalid(`The test clock ${clock.id} is currently ${clock.status}; wait until it is ready before advancing it again.`);
  if (p.frozen_time <= clock.frozen_time)
    throw invalid('The frozen_time must be after the test clock’s current frozen_time.', 'frozen_time');
  clock.status = 'advancing';
  clock.status_details = { advancing: { target_frozen_time: p.frozen_time } };
  emu.events.emit('test_helpers.test_clock.advancing', clock);
  emu.later(0, () => {
    try {
      advanceBilling(emu, clock.id, p.frozen_time);
      clock.frozen_time = p.frozen_time;
      clock.status = 'ready';
      clock.status_details = {};
      emu.events.emit('test_helpers.test_clock.ready', clock);
    } catch (err) {
      clock.status = 'internal_failure';
      emu.log(`emulator: test clock ${clock.id} failed to advance: ${(err as Error).stack ?? String(err)}`);
      emu.events.emit('test_helpers.test_clock.internal_failure', clock);
    }
    emu.changed();
  });
  return clock;
}

function remove(emu: Emulator, clock: Stripe.TestHelpers.TestClock): Stripe.TestHelpers.DeletedTestClock {
  for (const c of [...emu.state.customers.values()]) {
    if (idOf(c.test_clock) !== clock.id) continue;
    emu.state.customers.delete(c.id);
    emu.state.deletedCustomers.add(c.id);
    emu.events.emit('customer.deleted', c);
  }
  emu.state.testClocks.delete(clock.id);
  emu.events.emit('test_helpers.test_clock.deleted', clock);
  return { id: clock.id, object: 'test_helpers.test_clock', deleted: true };
}

const byId = (emu: Emulator, id: string) => getOr404(emu.state.testClocks, id, 'test_helpers.test_clock', 'test_clock');

export const testClockRoutes: Route[] = [
  { method: 'POST', path: '/v1/test_helpers/test_clocks', handler: ({ emu, params }) => create(emu, params) },
  {
    method: 'GET',
    path: '/v1/test_helpers/test_clocks/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), byId(emu, path.id as string)),
  },
  {
    method: 'POST',
    path: '/v1/test_helpers/test_clocks/:id/advance',
    handler: ({ emu, path, params }) => advance(emu, byId(emu, path.id as string), params),
  },
  {
    method: 'DELETE',
    path: '/v1/test_helpers/test_clocks/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), remove(emu, byId(emu, path.id as string))),
  },
  {
    method: 'GET',
    path: '/v1/test_helpers/test_clocks',
    handler: ({ emu, params }) =>
      paginate(emu.state.testClocks.values(), parseParams({ ...pagination }, params), '/v1/test_helpers/test_clocks'),
  },
];
