// `npm run stripe:seed`: creates the demo catalogue in Stripe (the emulator, or the test account
// of STRIPE_SECRET_KEY) where missing, and mirrors it into the database. Safe to run again.
import { closeDb } from '@/db';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { envOrExit } from '@/lib/env';

const env = envOrExit();
if (!env.databaseUrl) {
  console.error('DATABASE_URL is required (npm run dev seeds its own database by itself).');
  process.exit(1);
}
if (env.stripe.live) {
  console.error('Refusing to seed a demo catalogue into a live Stripe account.');
  process.exit(1);
}
const { created, existing } = await seedCatalog();
console.log(
  `catalogue: ${created.length} price(s) created${created.length ? ` (${created.join(', ')})` : ''}, ${existing.length} already present`,
);
await closeDb();
