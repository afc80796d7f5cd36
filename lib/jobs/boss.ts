import 'server-only';
import PgBoss from 'pg-boss';
import { env } from '@/lib/env';
import { logger } from '@/lib/log/logger';
import { queues, type QueueName, type QueuePayload } from './queues';

const globalForBoss = globalThis as unknown as { paydeckBoss?: Promise<PgBoss> };

/** Starts a pg-boss client on the app database and makes sure every queue exists. */
export async function createBoss(
  connectionString: string,
  options: { worker?: boolean; maintenanceIntervalSeconds?: number } = {},
): Promise<PgBoss> {
  const worker = options.worker ?? false;
  const boss = new PgBoss({
    connectionString,
    schema: 'pgboss',
    max: worker ? 8 : 4,
    // Only workers run maintenance and the cron scheduler; web instances just enqueue.
    supervise: worker,
    schedule: worker,
    // Maintenance also fails expired jobs of crashed workers, which makes them retry.
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
  });
  boss.on('error', (err) => logger.error({ err }, 'pg-boss error'));
  await boss.start();
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  for (const [name, queue] of Object.entries(queues)) if (!existing.has(name)) await createQueue(boss, name, queue.options);
  return boss;
}

const DEADLOCK = '40P01';

// Instances starting together on a fresh database race to create the same queue tables, and
// PostgreSQL breaks the tie by failing one with a deadlock: that one retries (creation is idempotent).
async function createQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await boss.createQueue(name, { name, ...options });
    } catch (err) {
      if ((err as { code?: string }).code !== DEADLOCK || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, attempt * 50 + Math.random() * 100));
    }
  }
}

/** The process-wide pg-boss client used to enqueue jobs (started on first use). */
export function boss(): Promise<PgBoss> {
  if (!globalForBoss.paydeckBoss) {
    const url = env().databaseUrl;
    if (!url) throw new Error('DATABASE_URL is not set.');
    globalForBoss.paydeckBoss = createBoss(url).catch((err: unknown) => {
      globalForBoss.paydeckBoss = undefined;
      throw err;
    });
  }
  return globalForBoss.paydeckBoss;
}

/** Enqueues a job on one of the known queues. */
export async function enqueue<N extends QueueName>(
  name: N,
  data: QueuePayload<N>,
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  return (await boss()).send(name, data, options);
}
