// `npm run db:seed`: adds the demo accounts to DATABASE_URL (never in production).
import { envOrExit } from '@/lib/env';
import { prepareDatabase } from './lib/prepare-database';

const env = envOrExit();
if (env.nodeEnv === 'production') {
  console.error('Refusing to seed demo accounts with NODE_ENV=production.');
  process.exit(1);
}
if (!env.databaseUrl) {
  console.error('DATABASE_URL is required (npm run dev seeds its embedded database by itself).');
  process.exit(1);
}
await prepareDatabase(env.databaseUrl, { seed: true });
console.log('demo data seeded');
