// Vitest global setup: one PostgreSQL for the run (the given DATABASE_URL's server, or an
// embedded one), with a migrated template database that each test file clones.
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '@/db/migrate';
import { dropDatabase, ensureDatabase, withDatabase } from '../lib/databases';
import { startEmbeddedPostgres } from '../lib/embedded-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    dbServerUrl: string;
    dbTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    const pg = await startEmbeddedPostgres({ dir: '.data/test-postgres', port: 54330 });
    serverUrl = pg.url();
    stopServer = pg.stop;
  }
  const template = `paydeck_tpl_${process.pid}`;
  await ensureDatabase(serverUrl, template, { recreate: true });
  await migrateDatabase(withDatabase(serverUrl, template));
  project.provide('dbServerUrl', serverUrl);
  project.provide('dbTemplate', template);
  return async () => {
    await dropDatabase(serverUrl, template);
    await stopServer?.();
  };
}
