import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of one request or job carries. */
export type LogContext = { requestId: string; userId?: string; jobId?: string };

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with a log context, so lines written inside carry its request id. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}
