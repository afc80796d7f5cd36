import { afterAll, describe, expect, it } from 'vitest';
import { env } from '@/lib/env';
import { checkHealth } from '@/lib/health';
import { boss, enqueue } from './boss';
import { startWorker, type RunningWorker } from './worker';

const workers: RunningWorker[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await (await boss()).stop({ graceful: false });
});

async function waitForState(id: string, states: string[]) {
  const client = await boss();
  for (let i = 0; i < 100; i++) {
    const job = await client.getJobById('system.echo', id);
    if (job && states.includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} never reached ${states.join('/')}`);
}

describe('job queue wiring', () => {
  it('a job enqueued by the app is completed by a worker with its output', async () => {
    const worker = await startWorker(env().databaseUrl!);
    workers.push(worker);
    const id = await enqueue('system.echo', { message: 'hello' });
    const job = await waitForState(id!, ['completed']);
    expect(job.output).toEqual({ echoed: 'hello' });

    const health = await checkHealth();
    expect(health.db).toBe('ok');
    expect(health.worker.running).toBe(true);
    expect(health.worker.lag).toBe(0);
  });

  it('invalid payloads fail the job instead of running it', async () => {
    const id = await (await boss()).send('system.echo', { message: 42 }, { retryLimit: 0 });
    const job = await waitForState(id!, ['failed']);
    expect(JSON.stringify(job.output)).toMatch(/expected string/);
  });

  it('stop() removes the heartbeat, so health reports no worker', async () => {
    for (const worker of workers.splice(0)) await worker.stop();
    expect((await checkHealth()).worker.running).toBe(false);
  });
});
