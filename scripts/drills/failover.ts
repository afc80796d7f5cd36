// Two Stripe accounts (two emulators): the primary fails completely for 16 s; new one-time
// payments go to the fallback account, nothing is charged twice, refunds of fallback payments go
// to the fallback, and new payments return to the primary when it is back.
import { randomUUID } from 'node:crypto';
import { signIn } from '../load/browser-steps';
import { createAgent, VirtualUser } from '../load/http';
import { Recorder } from '../load/metrics';
import { fromOutcome, query, shop, sleep } from './common';
import { check, type Drill } from './harness';
import { startCluster } from './lib/cluster';

export const failover: Drill = {
  name: 'failover',
  title: 'Primary Stripe account down — new payments fail over to the fallback account',
  fast: false,
  run: async (ctx) => {
    // Sabotage: no fallback account configured, so nobody can pay during the outage.
    const cluster = await startCluster({
      port: ctx.port,
      distDir: ctx.distDir,
      fallback: !ctx.sabotage,
      env: { STRIPE_BREAKER_THRESHOLD: '3', STRIPE_BREAKER_COOLDOWN_MS: '3000', STRIPE_MAX_NETWORK_RETRIES: '0' },
    });
    try {
      const window = { from: new Date(), to: new Date() };
      let refund: { status: number; account: string | null } = { status: 0, account: null };
      const outcome = await shop(cluster, ctx, {
        users: 8,
        duration: 45,
        during: async () => {
          await sleep(8_000);
          window.from = new Date();
          for (const method of ['GET', 'POST', 'DELETE'])
            cluster.primary.injectFault({ method, path: '/v1/**', kind: 'error', status: 500, count: 1_000_000 });
          await sleep(16_000);
          cluster.primary.clearFaults();
          window.to = new Date();
        },
        afterLoad: async (_recorder, paid) => {
          // An admin refunds one payment the fallback took: the refund must go to the fallback account.
          const fallbackPaid = paid.find((p) => p.account === 'fallback');
          if (!fallbackPaid) return;
          const admin = new VirtualUser(cluster.base, '10.99.0.2', new Recorder(), createAgent(4));
          await signIn(admin, 'admin@paydeck.test', 'paydeck-admin-demo');
          const reply = await admin.call('POST /api/payments/refund', '/api/payments/refund', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
            body: JSON.stringify({ paymentId: fallbackPaid.paymentId, amount: 300, reason: 'requested_by_customer' }),
          });
          const stripeRefundId = VirtualUser.json<{ refund?: { stripeRefundId?: string } }>(reply)?.refund?.stripeRefundId ?? null;
          const onFallback =
            stripeRefundId && cluster.fallback
              ? await fetch(`${cluster.fallback.url}/v1/refunds/${stripeRefundId}`, {
                  headers: { authorization: 'Bearer sk_test_fallback_drill' },
                }).then((r) => r.ok)
              : false;
          refund = { status: reply.status, account: onFallback ? 'fallback' : stripeRefundId ? 'primary' : null };
        },
      });
      const byAccount = await query<{ account: string; created: string; n: number }>(
        cluster.databaseUrl,
        `select stripe_account as account, case when created_at < $1::timestamptz then 'before' when created_at < $2::timestamptz then 'during' else 'after' end as created, count(*)::int as n
           from payments where status = 'succeeded' and price_id is not null group by 1, 2 order by 1, 2`,
        [window.from.toISOString(), window.to.toISOString()],
      );
      const fallbackPaid = byAccount.filter((r) => r.account === 'fallback').reduce((n, r) => n + r.n, 0);
      const primaryAfter = byAccount.find((r) => r.account === 'primary' && r.created === 'after')?.n ?? 0;
      const base = fromOutcome(outcome);
      return {
        injected: [
          'every request to the primary account (emulator 1) → 500 for 16 s; breaker 3 failures / 3 s cooldown; fallback account = emulator 2',
        ],
        observed: [
          `succeeded one-time payments by account and phase: ${byAccount.map((r) => `${r.account}/${r.created}=${r.n}`).join(', ')}`,
          `refund of a fallback payment → HTTP ${refund.status}, made on the ${refund.account ?? 'no'} account`,
          ...base.observed,
        ],
        lost: base.lost,
        duplicated: base.duplicated,
        checks: [
          check('new payments failed over to the fallback account', fallbackPaid > 0, `${fallbackPaid} paid on the fallback`),
          check('payments returned to the primary after it recovered', primaryAfter > 0, `${primaryAfter} paid on the primary afterwards`),
          check(
            'a fallback payment is refunded on the fallback account',
            refund.status === 201 && refund.account === 'fallback',
            JSON.stringify(refund),
          ),
          ...base.checks,
        ],
      };
    } finally {
      await cluster.stop();
    }
  },
};
