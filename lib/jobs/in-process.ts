import 'server-only';
import { env } from '@/lib/env';
import { logger } from '@/lib/log/logger';
import { onServerShutdown } from '@/lib/shutdown';
import { startWorker, type RunningWorker } from './worker';

const globalForWorker = globalThis as unknown as { paydeckWorker?: Promise<RunningWorker | null> };

/** Starts the job worker inside the web server process (the default single-process deployment). */
export function startInProcessWorker(): Promise<RunningWorker | null> {
  globalForWorker.paydeckWorker ??= (async () => {
    const e = env();
    if (e.worker === 'external' || e.building || !e.databaseUrl) return null;
    // Fewer concurrent event batches than a dedicated worker: each holds one of the web pool's 10 connections.
    const worker = await startWorker(e.databaseUrl, { concurrency: { 'stripe.event': 3 } });
    // In-flight jobs finish (or are released for retry) before the process exits.
    onServerShutdown(worker.stop);
    return worker;
  })().catch((err: unknown) => {
    // The web app still serves pages; /api/health reports the worker as down.
    logger.error({ err }, 'in-process worker failed to start');
    globalForWorker.paydeckWorker = undefined;
    return null;
  });
  return globalForWorker.paydeckWorker;
}
