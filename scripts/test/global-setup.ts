// Vitest global setup: one PostgreSQL for the run (the given DATABASE_URL's server, or an
// embedded one), with a migrated template database that each test file clones.
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '@/db/migrate';
import { dropDatabase, ensureDatabase, withDatabase } from '../lib/databases';
import { startEmbeddedPostgres } from '../lib/embedded-postgres';
import { unsupportedNode } from '../lib/node-version';

declare module 'vitest' {
  export interface ProvidedContext {
    dbServerUrl: string;
    dbTemplate: string;
    /** No DATABASE_URL was given: the run uses its own embedded PostgreSQL. */
    dbEmbedded: boolean;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  const tooOld = unsupportedNode();
  if (tooOld) throw new Error(tooOld);
  let serverUrl = process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    // A throwaway cluster per run (own folder, free port), so parallel runs never share one.
    const dir = `.data/test-postgres-${process.pid}`;
    const pg = await startEmbeddedPostgres({ dir, port: await freePort(), fresh: true });
    serverUrl = pg.url();
    stopServer = async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const template = `paydeck_tpl_${process.pid}`;
  await ensureDatabase(serverUrl, template, { recreate: true });
  await migrateDatabase(withDatabase(serverUrl, template));
  project.provide('dbServerUrl', serverUrl);
  project.provide('dbTemplate', template);
  project.provide('dbEmbedded', !!stopServer);
  return async () => {
    await dropDatabase(serverUrl, template);
    await stopServer?.();
  };
}
