// The external worker is killed with SIGKILL in the middle of a batch; a new worker picks the
// jobs up once they expire, and every event still has exactly one effect.
import { createBoss } from '@/lib/jobs/boss';
import { fromOutcome, inDrillEnv, query, shop, sleep } from './common';
import { check, type Drill } from './harness';
import { startCluster } from './lib/cluster';

const EXPIRE_SECONDS = 5;

export const workerKill: Drill = {
  name: 'worker-kill',
  title: 'Worker killed with SIGKILL mid-batch',
  fast: true,
  run: async (ctx) => {
    const cluster = await startCluster({ port: ctx.port, distDir: ctx.distDir, workers: 1 });
    try {
      // Jobs of a dead worker expire after 5 s here (60 s in production), so the drill is short.
      await inDrillEnv(cluster, async () => {
        const boss = await createBoss(cluster.databaseUrl);
        await boss.updateQueue('stripe.event', {
          name: 'stripe.event',
          expireInSeconds: EXPIRE_SECONDS,
          retryLimit: 8,
          retryDelay: 1,
          retryBackoff: false,
        });
        await boss.stop({ graceful: false });
      });
      // Refund handlers re-fetch refunds from Stripe: slow that down so the worker is surely inside a job when it dies.
      cluster.primary.injectFault({ method: 'GET', path: '/v1/refunds', kind: 'delay', ms: 8_000, count: 4 });
      let killedActive: string[] = [];
      let restartedAfter = 0;
      const outcome = await shop(cluster, ctx, {
        users: 8,
        duration: 30,
        during: async (recorder) => {
          await sleep(8_000);
          for (let i = 0; i < 100 && killedActive.length === 0; i++) {
            killedActive = (
              await query<{ id: string }>(
                cluster.databaseUrl,
                "select id::text from pgboss.job where name = 'stripe.event' and state = 'active'",
              )
            ).map((r) => r.id);
            if (killedActive.length === 0) await sleep(100);
          }
          await cluster.kill(cluster.workers[0]!, 'SIGKILL');
          await sleep(2_000);
          // Sabotage: nobody restarts a worker, so the jobs are never done.
          if (!ctx.sabotage) {
            restartedAfter = recorder.now();
            await cluster.startWorker(0);
          }
        },
      });
      const retried = killedActive.length
        ? await query<{ state: string; n: number }>(
            cluster.databaseUrl,
            'select state, count(*)::int as n from pgboss.job where id = any($1::uuid[]) group by state',
            [`{${killedActive.join(',')}}`],
          )
        : [];
      const base = fromOutcome(outcome);
      const completed = retried.find((r) => r.state === 'completed')?.n ?? 0;
      return {
        injected: [
          `SIGKILL to the only worker process while ${killedActive.length} event jobs were active; a new worker started 2 s later${ctx.sabotage ? ' (sabotage: not restarted)' : ''}; job expiry ${EXPIRE_SECONDS} s`,
        ],
        observed: [
          `the killed jobs are now ${JSON.stringify(retried)}${restartedAfter ? ` (worker restarted at t=${restartedAfter.toFixed(0)} s)` : ''}`,
          ...base.observed,
        ],
        lost: base.lost,
        duplicated: base.duplicated,
        checks: [
          check('the worker died inside jobs', killedActive.length > 0, `${killedActive.length} active jobs at the kill`),
          check(
            'every killed job was retried to completion',
            killedActive.length > 0 && completed === killedActive.length,
            `${completed}/${killedActive.length} completed`,
          ),
          ...base.checks,
        ],
      };
    } finally {
      await cluster.stop();
    }
  },
};
