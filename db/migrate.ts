import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { connect } from './index';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Applies the committed migrations in drizzle/ to the database at `url`. */
export async function migrateDatabase(url: string): Promise<void> {
  const { sql, db } = connect(url, { max: 1 });
  try {
    // One connection, so the session lock covers the migrator: instances starting together queue up.
    await sql`select pg_advisory_lock(7243917)`;
    await migrate(db, { migrationsFolder: MIGRATIONS });
    await sql`select pg_advisory_unlock(7243917)`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
