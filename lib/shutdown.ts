import 'server-only';
import { logger } from '@/lib/log/logger';

// Next.js runs with NEXT_MANUAL_SIG_HANDLE (set by our start scripts), so the server process's
// SIGTERM/SIGINT handling lives here: run every registered cleanup, then exit.
const globalForShutdown = globalThis as unknown as { paydeckShutdown?: (() => Promise<void>)[] };

/** Registers a cleanup to run (in reverse order of registration) before the process exits. */
export function onServerShutdown(cleanup: () => Promise<void>): void {
  if (!globalForShutdown.paydeckShutdown) {
    const cleanups: (() => Promise<void>)[] = [];
    globalForShutdown.paydeckShutdown = cleanups;
    let started = false;
    const run = () => {
      if (started) return;
      started = true;
      (async () => {
        for (const fn of [...cleanups].reverse()) await fn().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
      })().finally(() => process.exit(0));
    };
    process.once('SIGTERM', run);
    process.once('SIGINT', run);
  }
  globalForShutdown.paydeckShutdown.push(cleanup);
}
