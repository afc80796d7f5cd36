// Every webhook delivered twice and in shuffled order while customers pay and admins refund.
import { audit } from '@/lib/audit';
import { reconcile } from '../load/reconcile';
import { fromOutcome, inDrillEnv, query, shop, sidesOf } from './common';
import { check, type Drill } from './harness';
import { startCluster } from './lib/cluster';

export const duplicates: Drill = {
  name: 'duplicates',
  title: 'Duplicate and shuffled deliveries under load',
  fast: true,
  run: async (ctx) => {
    const cluster = await startCluster({ port: ctx.port, distDir: ctx.distDir });
    try {
      cluster.primary.setChaos({ duplicate: true, shuffleWindowMs: 400 });
      const outcome = await shop(cluster, ctx, { users: 8, duration: 25 });
      cluster.primary.setChaos({ duplicate: false, shuffleWindowMs: 0 });
      const deliveries = cluster.primary.deliveries();
      const dupes = deliveries.filter((d) => d.duplicate).length;
      if (ctx.sabotage) {
        // Sabotage: a handler that is not idempotent would apply one event twice — write that second effect.
        const [paid] = await query<{ id: string }>(cluster.databaseUrl, "select id::text from payments where status = 'succeeded' limit 1");
        await inDrillEnv(cluster, () =>
          audit({ actor: { type: 'stripe', id: 'evt_sabotage' }, action: 'payment.succeeded', target: { type: 'payment', id: paid!.id } }),
        );
      }
      const again = ctx.sabotage ? await reconcile(cluster.databaseUrl, sidesOf(cluster)) : outcome.reconciliation;
      const base = fromOutcome({ ...outcome, reconciliation: again });
      const [stored] = await query<{ events: number; attempts: number }>(
        cluster.databaseUrl,
        'select count(*)::int as events, coalesce(sum(attempts), 0)::int as attempts from stripe_events',
      );
      return {
        injected: ['webhook chaos: every delivery sent twice, shuffled within 400 ms windows'],
        observed: [
          `${deliveries.length} deliveries (${dupes} duplicates) → ${stored?.events} events stored once, ${stored?.attempts} handler runs`,
          ...base.observed,
        ],
        lost: base.lost,
        duplicated: base.duplicated,
        checks: [check('duplicates were delivered', dupes > 0, `${dupes} duplicate deliveries`), ...base.checks],
      };
    } finally {
      await cluster.stop();
    }
  },
};
