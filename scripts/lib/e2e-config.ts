// Where the e2e stack lives: shared by its server (serve-e2e.ts) and the Playwright support code.
// Overridable so several e2e runs can share a machine.
import { withDatabase } from './databases';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_EMULATOR_URL = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 12112}`;
export const E2E_DATABASE = `paydeck_e2e_${E2E_PORT}`;
/** The embedded cluster used when DATABASE_URL is not set. */
export const E2E_EMBEDDED = { dir: `.data/e2e-postgres-${E2E_PORT}`, port: E2E_PORT + 51231, password: 'paydeck' };

/** The e2e database's URL (on DATABASE_URL's server, or the embedded cluster). */
export function e2eDatabaseUrl(): string {
  const server = process.env.DATABASE_URL ?? `postgres://postgres:${E2E_EMBEDDED.password}@127.0.0.1:${E2E_EMBEDDED.port}/postgres`;
  return withDatabase(server, E2E_DATABASE);
}
