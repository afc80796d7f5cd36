import 'server-only';
import type PgBoss from 'pg-boss';
import { z } from 'zod';

type QueueDefinition<T> = {
  options: Omit<PgBoss.Queue, 'name'>;
  work?: PgBoss.WorkOptions;
  handle: (data: T) => Promise<unknown>;
};

function define<T>(schema: z.ZodType<T>, def: Omit<QueueDefinition<T>, 'handle'> & { handle: (data: T) => Promise<unknown> }): QueueDefinition<T> {
  // Job payloads come back from the database: validate before trusting them.
  return { ...def, handle: (data: T) => def.handle(schema.parse(data)) };
}

/** Every queue the worker serves, with its retry policy and handler. */
export const queues = {
  // Proves the queue wiring end to end (enqueue → worker → completed with output).
  'system.echo': define(z.object({ message: z.string().max(200) }), {
    options: { retryLimit: 2, retryDelay: 1, retryBackoff: true, expireInSeconds: 60 },
    handle: async (data) => ({ echoed: data.message }),
  }),
};

export type QueueName = keyof typeof queues;
