// Our webhook endpoint fails for 10 s (the route answers 503 at the proxy) while customers pay:
// Stripe retries, gives up on some events, and the admin backfill stores what is missing.
import Stripe from 'stripe';
import { signIn } from '../load/browser-steps';
import { createAgent, VirtualUser } from '../load/http';
import { Recorder } from '../load/metrics';
import { fromOutcome, shop, sleep } from './common';
import { check, type Drill } from './harness';
import { startCluster } from './lib/cluster';

export const webhookDown: Drill = {
  name: 'webhook-down',
  title: 'Webhook endpoint down for a while, Stripe retries, backfill catches up',
  fast: false,
  run: async (ctx) => {
    // Short retry schedule (0.5 s, 1 s, 2 s): events of the outage run out of retries, as after Stripe's 3 days.
    const cluster = await startCluster({ port: ctx.port, distDir: ctx.distDir, proxy: true, retrySchedule: [500, 1_000, 2_000] });
    try {
      const stripe = new Stripe('sk_test_emulator', { host: '127.0.0.1', port: cluster.primary.port, protocol: 'http' });
      let undelivered = 0;
      let backfill: { listed: number; stored: number } | null = null;
      const outcome = await shop(cluster, ctx, {
        users: 8,
        duration: 30,
        during: async () => {
          await sleep(6_000);
          cluster.proxy!.webhooksDown = true;
          await sleep(10_000);
          cluster.proxy!.webhooksDown = false;
        },
        afterLoad: async () => {
          await cluster.primary.settle(30_000);
          for await (const _ of stripe.events.list({ delivery_success: false, limit: 100 })) undelivered++;
          // Sabotage: no backfill, so the events Stripe gave up on stay missing.
          if (ctx.sabotage) return;
          const admin = new VirtualUser(cluster.base, '10.99.0.1', new Recorder(), createAgent(4));
          await signIn(admin, 'admin@paydeck.test', 'paydeck-admin-demo');
          const reply = await admin.call('POST /api/admin/webhooks/backfill', '/api/admin/webhooks/backfill', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          });
          backfill = VirtualUser.json<{ listed: number; stored: number }>(reply);
        },
      });
      const base = fromOutcome(outcome);
      const refused = cluster.proxy!.webhooksRefused;
      const filled = backfill as { listed: number; stored: number } | null;
      return {
        injected: ['POST /api/webhooks/stripe answered 503 for 10 s (Stripe retries after 0.5, 1 and 2 s, then gives up)'],
        observed: [
          `${refused} deliveries refused during the outage; ${undelivered} events left undelivered by Stripe; backfill listed ${filled?.listed ?? '-'} and stored ${filled?.stored ?? '-'}`,
          ...base.observed,
        ],
        lost: base.lost,
        duplicated: base.duplicated,
        checks: [
          check('the outage really lost deliveries', refused > 0 && undelivered > 0, `${refused} refused, ${undelivered} given up`),
          check('the backfill stored the missing events', !!filled && filled.stored > 0, filled ? JSON.stringify(filled) : 'no backfill'),
          ...base.checks,
        ],
      };
    } finally {
      await cluster.stop();
    }
  },
};
