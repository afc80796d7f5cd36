import { spawn } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { payments, refunds, stripeEvents } from '@/db/schema';
import { env } from '@/lib/env';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { createPaymentIntent } from '@/lib/payments/intents';
import { eventually, startHarness, type Harness } from '@/scripts/test/harness';
import { priceIdOf } from '@/scripts/test/prices';
import { createTestUser } from '@/scripts/test/users';
import { boss } from './boss';
import { startWorker, type RunningWorker } from './worker';

let h: Harness;
let recovery: RunningWorker | undefined;
beforeAll(async () => {
  h = await startHarness(); // events are stored and queued, but no worker runs in this process
  await seedCatalog();
});
afterAll(async () => {
  await recovery?.stop();
  await h?.stop();
});

describe('a worker killed with SIGKILL in the middle of a job', () => {
  it('the job is retried by another worker and has exactly one effect', async () => {
    // Jobs of a dead worker expire after 2 s in this test (60 s in production); set before any job exists.
    await (
      await boss()
    ).updateQueue('stripe.event', { name: 'stripe.event', expireInSeconds: 2, retryDelay: 0, retryBackoff: false, retryLimit: 8 });
    const priceId = await priceIdOf();
    const user = await createTestUser();
    const { paymentId } = await createPaymentIntent(user, { priceId, quantity: 1 });
    const pi = (await db.select().from(payments).where(eq(payments.id, paymentId)))[0]!.stripePaymentIntentId!;
    await h.stripe.paymentIntents.confirm(pi, { payment_method: 'pm_card_visa', return_url: 'http://localhost/r' });
    const refund = await h.stripe.refunds.create({ payment_intent: pi, amount: 300 });
    await h.emulator.settle();
    const refundedEvent = await eventually(
      async () => (await db.select().from(stripeEvents).where(eq(stripeEvents.type, 'charge.refunded')))[0],
      5_000,
      'charge.refunded stored',
    );

    // The charge.refunded handler re-fetches refunds from Stripe: make that call stall for the first worker.
    h.emulator.injectFault({ method: 'GET', path: '/v1/refunds', kind: 'delay', ms: 30_000, count: 1 });
    // One process (node with the tsx loader), so SIGKILL hits the worker itself and not a wrapper.
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/worker.ts'], {
      env: { ...process.env },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await eventually(
      async () => {
        const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, refundedEvent.id));
        return row && row.attempts >= 1 && row.status === 'pending';
      },
      20_000,
      'the first worker to be inside the charge.refunded job',
    );
    child.kill('SIGKILL');
    await exited;

    recovery = await startWorker(env().databaseUrl!, { maintenanceIntervalSeconds: 1 });
    const done = await eventually(
      async () => {
        const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, refundedEvent.id));
        return row?.status === 'processed' ? row : undefined;
      },
      30_000,
      'the retried job to finish',
    );
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    const rows = await db
      .select()
      .from(refunds)
      .where(and(eq(refunds.paymentId, paymentId), eq(refunds.stripeRefundId, refund.id)));
    expect(rows).toHaveLength(1);
    expect((await db.select().from(payments).where(eq(payments.id, paymentId)))[0]?.amountRefunded).toBe(300);
  }, 60_000);
});
