import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres, { type Sql } from 'postgres';
import { env } from '@/lib/env';
import * as schema from './schema';

export type Database = PostgresJsDatabase<typeof schema>;
/** An open transaction, for service functions that write inside their caller's. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type Client = { sql: Sql; db: Database };

// Cached on globalThis so hot reloads in development reuse one pool instead of leaking them.
const globalForDb = globalThis as unknown as { paydeckDb?: Client };

/** Opens a pool on `url`; scripts and tests that manage their own databases use this directly. */
export function connect(url: string, options: { max?: number } = {}): Client {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: 5,
    idle_timeout: 30,
    // Reconnect after 0.1 s, not the driver's up-to-20 s back-off that holds every query: a database outage fails fast (503).
    backoff: () => 0.1,
  });
  return { sql, db: drizzle(sql, { schema }) };
}

function client(): Client {
  if (!globalForDb.paydeckDb) {
    const url = env().databaseUrl;
    if (!url) throw new Error('DATABASE_URL is not set; start the app with `npm run dev`, which provides a database.');
    globalForDb.paydeckDb = connect(url);
  }
  return globalForDb.paydeckDb;
}

/** The app's Drizzle database, connected on first use (so `next build` needs no database). */
export const db: Database = new Proxy({} as Database, {
  get: (_target, prop) => Reflect.get(client().db, prop),
  // Drizzle's is()/instanceof checks (e.g. in the Auth.js adapter) look at the prototype.
  getPrototypeOf: () => Object.getPrototypeOf(client().db) as object,
});

/** The raw postgres-js client of the app's pool, for health checks and advisory locks. */
export function sqlClient(): Sql {
  return client().sql;
}

/** Closes the app's pool (graceful shutdown, end of a test file). */
export async function closeDb(): Promise<void> {
  const current = globalForDb.paydeckDb;
  globalForDb.paydeckDb = undefined;
  await current?.sql.end({ timeout: 5 });
}
