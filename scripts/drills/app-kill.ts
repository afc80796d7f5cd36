// Two app instances behind the round-robin proxy; one is killed with SIGKILL while requests are
// in flight. Cut requests come back as 502 and customers retry with the same Idempotency-Key; the
// instance is restarted and rejoins. Nothing is lost or charged twice.
import { fromOutcome, shop, sleep } from './common';
import { check, type Drill } from './harness';
import { startCluster } from './lib/cluster';

export const appKill: Drill = {
  name: 'app-kill',
  title: 'An app instance killed with requests in flight',
  fast: false,
  run: async (ctx) => {
    const cluster = await startCluster({ port: ctx.port, distDir: ctx.distDir, apps: 2, workers: 1, redis: true });
    try {
      const proxy = cluster.proxy!;
      let inFlight = 0;
      let servedBefore = 0;
      let servedAfterRestart = 0;
      const outcome = await shop(cluster, ctx, {
        users: 10,
        duration: 40,
        during: async () => {
          await sleep(12_000);
          const victim = proxy.upstreams[0]!;
          for (let i = 0; i < 200 && victim.inFlight === 0; i++) await sleep(20);
          inFlight = victim.inFlight;
          await cluster.kill(cluster.apps[0]!, 'SIGKILL');
          // Sabotage: the other instance dies too and nothing comes back, so customers cannot pay.
          if (ctx.sabotage) {
            await cluster.kill(cluster.apps[1]!, 'SIGKILL');
            return;
          }
          await sleep(5_000);
          await cluster.startApp(0);
          servedBefore = victim.served;
          await sleep(15_000);
          servedAfterRestart = victim.served - servedBefore;
        },
      });
      const base = fromOutcome(outcome);
      const cut = proxy.cut;
      return {
        injected: [`SIGKILL to app1 with ${inFlight} requests in flight through it; restarted 5 s later`],
        observed: [
          `${cut} requests cut (502), ${proxy.noUpstream} answered 503 with no instance up; app1 served ${servedAfterRestart} requests after rejoining, app2 ${proxy.upstreams[1]!.served} in total`,
          ...base.observed,
        ],
        lost: base.lost,
        duplicated: base.duplicated,
        checks: [
          check('requests were in flight when it died', inFlight > 0, `${inFlight} in flight`),
          check('the restarted instance rejoined', servedAfterRestart > 0, `${servedAfterRestart} requests served after the restart`),
          ...base.checks,
        ],
      };
    } finally {
      await cluster.stop();
    }
  },
};
