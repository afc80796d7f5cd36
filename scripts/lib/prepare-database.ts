// Brings a database to the current schema and, outside production, adds the demo accounts.
import { connect } from '@/db';
import { migrateDatabase } from '@/db/migrate';
import { seedDemoData } from '@/db/seed';
import { hashPassword } from '@/lib/auth/password';

export async function prepareDatabase(url: string, options: { seed: boolean }): Promise<void> {
  await migrateDatabase(url);
  if (!options.seed) return;
  const { sql, db } = connect(url, { max: 1 });
  try {
    await seedDemoData(db, hashPassword);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
