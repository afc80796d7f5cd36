// PostgreSQL (a dedicated embedded cluster, so nobody else is affected) is stopped for 8 s under
// load and started again: requests must fail fast with 503, readiness must say so, the app must
// recover by itself, and no webhook we acknowledged may be lost.
import { percentile } from '../lib/bench';
import { createAgent, VirtualUser } from '../load/http';
import { Recorder } from '../load/metrics';
import { fromOutcome, shop, sleep } from './common';
import { check, type Drill } from './harness';
import { startCluster } from './lib/cluster';

export const postgresRestart: Drill = {
  name: 'postgres-restart',
  title: 'PostgreSQL restarted during load',
  fast: false,
  run: async (ctx) => {
    const cluster = await startCluster({
      port: ctx.port,
      distDir: ctx.distDir,
      embeddedPostgres: { port: 54300 + (ctx.port % 100), dir: `.data/drill-postgres-${ctx.port}` },
    });
    const probes = new Recorder();
    const agent = createAgent(4);
    try {
      // Two clocks: the load's recorder and the health prober's.
      const window = { down: 0, up: 0, probeDown: 0, probeUp: 0, healthyAgain: -1 };
      const outcome = await shop(cluster, ctx, {
        users: 8,
        duration: 40,
        during: async (recorder) => {
          const prober = new VirtualUser(cluster.base, '10.98.0.1', probes, agent);
          let probing = true;
          const probe = (async () => {
            while (probing) {
              const reply = await prober.call('GET /api/health', '/api/health', { expect: [200, 503] });
              if (window.up && window.healthyAgain < 0 && reply.status === 200) window.healthyAgain = probes.now();
              await sleep(250);
            }
          })();
          await sleep(10_000);
          window.down = recorder.now();
          window.probeDown = probes.now();
          await cluster.stopPostgres();
          await sleep(8_000);
          // Sabotage: PostgreSQL never comes back, so recovery (and the reconciliation) must fail.
          if (!ctx.sabotage) await cluster.startPostgres();
          window.up = recorder.now();
          window.probeUp = probes.now();
          await sleep(12_000);
          probing = false;
          await probe;
          window.healthyAgain = window.healthyAgain < 0 ? -1 : window.healthyAgain - window.probeUp;
        },
      });
      // Requests that STARTED while PostgreSQL was down (a hanging one finishes long after).
      const during = outcome.recorder.samples.filter(
        (s) => s.kind === 'api' && s.at - s.ms / 1000 > window.down + 0.5 && s.at - s.ms / 1000 < window.up,
      );
      const counts: Record<string, number> = {};
      for (const s of during) counts[String(s.status)] = (counts[String(s.status)] ?? 0) + 1;
      const slowest = Math.max(0, ...during.map((s) => s.ms));
      const health = probes.samples
        .filter((s) => s.at - s.ms / 1000 > window.probeDown + 0.5 && s.at < window.probeUp)
        .map((s) => s.status);
      const afterCreates = outcome.recorder.samples.filter(
        (s) => s.endpoint === 'POST /api/payments/create-intent' && s.at > window.up + 10,
      );
      const base = fromOutcome(outcome);
      return {
        injected: ['PostgreSQL stopped 10 s into the load, started again 8 s later (in-process worker, webhooks streaming)'],
        observed: [
          `API answers during the outage: ${JSON.stringify(counts)}, slowest ${slowest.toFixed(0)} ms, p95 ${percentile(
            during.map((s) => s.ms).sort((a, b) => a - b),
            95,
          ).toFixed(0)} ms`,
          `/api/health during the outage: ${[...new Set(health)].join('/')}; healthy again ${window.healthyAgain >= 0 ? `${window.healthyAgain.toFixed(1)} s` : 'never'} after the restart`,
          ...base.observed,
        ],
        lost: base.lost,
        duplicated: base.duplicated,
        checks: [
          check(
            'requests fail fast with 503 (no 500, none over 5 s)',
            during.length > 0 && !counts['500'] && (counts['503'] ?? 0) > 0 && slowest < 5_000,
            `${JSON.stringify(counts)}, slowest ${slowest.toFixed(0)} ms`,
          ),
          check(
            'readiness reports the outage',
            health.length > 0 && health.every((s) => s === 503),
            `${health.length} probes: ${[...new Set(health)].join('/')}`,
          ),
          check(
            'recovers by itself',
            window.healthyAgain >= 0 && window.healthyAgain < 15 && afterCreates.length > 0 && afterCreates.every((s) => s.status === 201),
            `healthy after ${window.healthyAgain.toFixed(1)} s; ${afterCreates.filter((s) => s.status === 201).length}/${afterCreates.length} payments started afterwards`,
          ),
          ...base.checks,
        ],
      };
    } finally {
      await agent.close();
      await cluster.stop();
    }
  },
};
