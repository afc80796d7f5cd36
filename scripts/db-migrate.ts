// `npm run db:migrate`: applies drizzle/ migrations to DATABASE_URL.
import { migrateDatabase } from '@/db/migrate';
import { envOrExit } from '@/lib/env';

const url = envOrExit().databaseUrl;
if (!url) {
  console.error('DATABASE_URL is required (npm run dev migrates its embedded database by itself).');
  process.exit(1);
}
await migrateDatabase(url);
console.log('migrations applied');
