// Throwaway databases for benchmarks: on DATABASE_URL's server (or a local embedded cluster),
// migrated, dropped afterwards.
import { randomUUID } from 'node:crypto';
import type { Database } from '@/db';
import { migrateDatabase } from '@/db/migrate';
import { users } from '@/db/schema';
import { dropDatabase, ensureDatabase, withDatabase } from './databases';
import { startEmbeddedPostgres } from './embedded-postgres';

export async function scratchDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  let server = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!server) {
    const pg = await startEmbeddedPostgres({ dir: '.data/bench-postgres', port: 54340 });
    server = pg.url();
    stop = pg.stop;
  }
  await ensureDatabase(server, name, { recreate: true });
  const url = withDatabase(server, name);
  await migrateDatabase(url);
  return {
    url,
    drop: async () => {
      await dropDatabase(server, name);
      await stop?.();
    },
  };
}

export async function createTestUserRow(db: Database): Promise<string> {
  const [user] = await db
    .insert(users)
    .values({ email: `bench-${randomUUID().slice(0, 8)}@example.com`, name: 'Bench' })
    .returning({ id: users.id });
  return user!.id;
}
