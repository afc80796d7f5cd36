// Scale-out on one machine: two app instances and two external workers on one PostgreSQL (rate
// limits in Redis) behind the round-robin proxy, replaying the load test. No event may be
// processed twice and no job lost; both instances and both workers must have done work.
import { readFileSync } from 'node:fs';
import { printReport, writeReport } from '../load/report';
import { fromOutcome, query, shop } from './common';
import { check, type Drill } from './harness';
import { startCluster, type Instance } from './lib/cluster';

/** CPU seconds a process has used (utime + stime from /proc), or -1 once it is gone. */
function cpuSeconds(instance: Instance): number {
  try {
    const fields = readFileSync(`/proc/${instance.child?.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return -1;
  }
}

export function scaleDrill(options: { users: number; duration: number }): Drill {
  return {
    name: 'scale',
    title: `Scale-out: 2 app instances + 2 workers behind a round-robin proxy, ${options.users} users × ${options.duration} s`,
    fast: false,
    run: async (ctx) => {
      const cluster = await startCluster({ port: ctx.port, distDir: ctx.distDir, apps: 2, workers: 2, proxy: true, redis: true });
      try {
        let workerCpu: number[] = [];
        const outcome = await shop(cluster, ctx, {
          users: options.users,
          duration: options.duration,
          paceSeconds: Math.max(3, options.duration / 25),
          webhooksPerSecond: 10,
          afterLoad: async () => {
            workerCpu = cluster.workers.map(cpuSeconds);
          },
        });
        printReport(outcome, (line) => ctx.log(`   ${line}`));
        writeReport('docs/perf', 'scale', outcome, {
          command: `npm run drills -- scale --users ${options.users} --duration ${options.duration}`,
          date: new Date().toISOString(),
          topology: '2 × next start (WORKER=external) + 2 × scripts/worker.ts + PostgreSQL + Redis, round-robin proxy',
        });
        const [twice] = await query<{ retried: number; events: number; beats: number }>(
          cluster.databaseUrl,
          "select count(*) filter (where attempts > 1)::int as retried, count(*)::int as events, (select count(*)::int from worker_heartbeats where seen_at > now() - interval '30 seconds') as beats from stripe_events",
        );
        const [jobs] = await query<{ failed: number; completed: number }>(
          cluster.databaseUrl,
          "select count(*) filter (where state = 'failed')::int as failed, count(*) filter (where state = 'completed')::int as completed from pgboss.job where name = 'stripe.event'",
        );
        const served = cluster.proxy!.upstreams.map((u) => u.served);
        const base = fromOutcome(outcome);
        return {
          injected: ['none — two of everything on one database; Redis for rate limits'],
          observed: [
            `requests per instance ${served.join(' / ')}; worker CPU seconds ${workerCpu.map((c) => c.toFixed(1)).join(' / ')}; ${twice?.beats} live worker heartbeats`,
            `${twice?.events} events stored, ${jobs?.completed} jobs completed, ${jobs?.failed} failed, ${twice?.retried} events run more than once (a handler error retried, never a double effect)`,
            ...base.observed,
          ],
          lost: base.lost,
          duplicated: base.duplicated,
          checks: [
            check(
              'both app instances served traffic',
              served.every((n) => n > 0),
              served.join(' / '),
            ),
            check('both workers processed jobs', workerCpu.length === 2 && workerCpu.every((c) => c > 0.5), workerCpu.join(' / ')),
            check(
              'no job lost or failed',
              jobs?.failed === 0 && outcome.reconciliation.jobsOpen === 0,
              `${jobs?.failed} failed, ${outcome.reconciliation.jobsOpen} open`,
            ),
            ...base.checks,
          ],
        };
      } finally {
        await cluster.stop();
      }
    },
  };
}
