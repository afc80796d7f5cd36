// `npm run bench:worker`: stores 10,000 payment_intent.succeeded events (inbox + job, as the
// webhook route does) for 10,000 pending payments in a scratch database, then drains them with one
// worker process and reports events/s. Options: --events N.
import { randomUUID } from 'node:crypto';
import { resetEnvCache } from '@/lib/env';
import { createTestUserRow, scratchDatabase } from './lib/scratch';
import { fmt, machine, numberArg } from './lib/bench';

const total = numberArg('events', 10_000);
const scratch = await scratchDatabase('paydeck_bench_worker');
process.env.DATABASE_URL = scratch.url;
process.env.STRIPE_WEBHOOK_SECRET ??= 'whsec_bench';
resetEnvCache();
const { db, sqlClient, closeDb } = await import('@/db');
const { payments } = await import('@/db/schema');
const { storeEvent } = await import('@/lib/webhooks/inbox');
const { startWorker } = await import('@/lib/jobs/worker');
const { boss } = await import('@/lib/jobs/boss');
type Event = Parameters<typeof storeEvent>[0];

try {
  const userId = await createTestUserRow(db);
  const ids = Array.from({ length: total }, () => randomUUID());
  for (let i = 0; i < total; i += 1_000) {
    await db.insert(payments).values(
      ids.slice(i, i + 1_000).map((id, k) => ({
        id,
        userId,
        stripePaymentIntentId: `pi_bench_${i + k}`,
        amount: 1_000,
        currency: 'usd',
        status: 'processing' as const,
      })),
    );
  }
  const created = Math.floor(Date.now() / 1000);
  const storeStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let i = next++; i < total; i = next++) {
        const pi = {
          id: `pi_bench_${i}`,
          object: 'payment_intent',
          amount: 1_000,
          currency: 'usd',
          status: 'succeeded',
          customer: null,
          metadata: { payment_id: ids[i] },
          last_payment_error: null,
          latest_charge: null,
          created,
        };
        await storeEvent({
          id: `evt_bench_${i}`,
          object: 'event',
          type: 'payment_intent.succeeded',
          api_version: '2026-10-28.endive',
          created,
          livemode: false,
          data: { object: pi },
        } as unknown as Event);
      }
    }),
  );
  const storeSeconds = (performance.now() - storeStart) / 1000;

  const drainStart = performance.now();
  const worker = await startWorker(scratch.url);
  for (;;) {
    const [row] = await sqlClient()<
      { left: number }[]
    >`select count(*)::int as left from stripe_events where status not in ('processed', 'ignored', 'dead')`;
    if ((row?.left ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const drainSeconds = (performance.now() - drainStart) / 1000;
  await worker.stop();
  const [check] = await sqlClient()<{ succeeded: number; dead: number }[]>`
    select (select count(*)::int from payments where status = 'succeeded') as succeeded,
           (select count(*)::int from stripe_events where status = 'dead') as dead`;
  const rate = total / drainSeconds;
  console.log(`machine: ${machine()}`);
  console.log(`inbox writes : ${total} events in ${fmt(storeSeconds)} s = ${fmt(total / storeSeconds, 0)} events/s (20 concurrent)`);
  console.log(`worker drain : ${total} events in ${fmt(drainSeconds)} s = ${fmt(rate, 0)} events/s with one worker process (target ≥ 500)`);
  console.log(`effects      : ${check?.succeeded} payments succeeded, ${check?.dead} dead events`);
  console.log(rate >= 500 && check?.succeeded === total ? 'PASS' : 'MISS');
  process.exitCode = check?.succeeded === total ? 0 : 1;
} finally {
  await (await boss()).stop({ graceful: false });
  await closeDb();
  await scratch.drop();
}
