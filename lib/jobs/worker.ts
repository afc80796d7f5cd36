import 'server-only';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { eq } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { connect } from '@/db';
import { workerHeartbeats } from '@/db/schema';
import { logger } from '@/lib/log/logger';
import { withLogContext } from '@/lib/log/context';
import { createBoss } from './boss';
import { batchHandlers, handlers } from './handlers';
import { queues, type QueueName } from './queues';

const HEARTBEAT_MS = 5_000;

export type RunningWorker = { id: string; boss: PgBoss; stop: () => Promise<void> };

async function runJob(name: QueueName, job: PgBoss.JobWithMetadata<unknown>): Promise<unknown> {
  const data = queues[name].schema.parse(job.data);
  const handler = handlers[name] as (data: unknown, job: PgBoss.JobWithMetadata<unknown>) => Promise<unknown>;
  return withLogContext({ requestId: `job:${job.id}`, jobId: job.id }, () => handler(data, job));
}

/** A batch handler's run: invalid payloads and the jobs it reports as failed are failed one by one (pg-boss completes the rest). */
async function runBatch(boss: PgBoss, name: QueueName, jobs: PgBoss.JobWithMetadata<unknown>[]): Promise<null> {
  const failures = new Map<string, unknown>();
  const valid: { data: never; job: PgBoss.JobWithMetadata<never> }[] = [];
  for (const job of jobs) {
    const parsed = queues[name].schema.safeParse(job.data);
    if (parsed.success) valid.push({ data: parsed.data as never, job: job as PgBoss.JobWithMetadata<never> });
    else failures.set(job.id, parsed.error);
  }
  const handler = batchHandlers[name] as (jobs: { data: never; job: PgBoss.JobWithMetadata<never> }[]) => Promise<Map<string, unknown>>;
  const failed = await withLogContext({ requestId: `jobs:${jobs[0]!.id}` }, () => handler(valid));
  for (const [id, err] of [...failures, ...failed])
    await boss.fail(name, id, { message: err instanceof Error ? err.message : String(err) });
  return null;
}

/** Starts serving every queue; `stop()` lets in-flight jobs finish (or be released for retry). */
export async function startWorker(
  databaseUrl: string,
  options: { stopTimeoutMs?: number; maintenanceIntervalSeconds?: number; concurrency?: Partial<Record<QueueName, number>> } = {},
): Promise<RunningWorker> {
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const boss = await createBoss(databaseUrl, { worker: true, maintenanceIntervalSeconds: options.maintenanceIntervalSeconds });
  const { sql, db } = connect(databaseUrl, { max: 1 });
  const beat = async () => {
    const now = new Date();
    await db
      .insert(workerHeartbeats)
      .values({ workerId: id, startedAt: now, seenAt: now })
      .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { seenAt: now } });
  };
  await beat();
  const timer = setInterval(() => beat().catch((err: unknown) => logger.warn({ err }, 'worker heartbeat failed')), HEARTBEAT_MS);
  timer.unref();

  for (const name of Object.keys(queues) as QueueName[]) {
    const { work, cron } = queues[name] as { work?: PgBoss.WorkOptions & { concurrency?: number }; cron?: string };
    const { concurrency: queueConcurrency = 1, ...workOptions } = work ?? {};
    const concurrency = options.concurrency?.[name] ?? queueConcurrency;
    for (let i = 0; i < concurrency; i++) {
      // Jobs of a batch run one by one and fail individually (pg-boss then completes the rest),
      // so one bad job never retries the others.
      await boss.work(name, { batchSize: 1, pollingIntervalSeconds: 0.5, ...workOptions, includeMetadata: true }, async (jobs) => {
        if (jobs.length === 1) return runJob(name, jobs[0]!);
        if (batchHandlers[name]) return runBatch(boss, name, jobs);
        for (const job of jobs) {
          await runJob(name, job).catch((err: unknown) =>
            boss.fail(name, job.id, { message: err instanceof Error ? err.message : String(err) }),
          );
        }
        return null;
      });
    }
    if (cron) await boss.schedule(name, cron, {});
  }
  logger.info({ workerId: id }, 'worker started');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(timer);
      await boss.stop({ graceful: true, wait: true, timeout: options.stopTimeoutMs ?? 20_000 });
      await db.delete(workerHeartbeats).where(eq(workerHeartbeats.workerId, id));
      await sql.end({ timeout: 5 });
      logger.info({ workerId: id }, 'worker stopped');
    })());
  return { id, boss, stop };
}
