import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './drizzle',
  strict: true,
  verbose: false,
  // generate needs no database; migrate goes through db/migrate.ts, which knows the embedded one.
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost:5432/unused' },
});
