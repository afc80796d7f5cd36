// Where the e2e stack lives: shared by its server (serve-e2e.ts) and the Playwright support code.
// Overridable so several e2e runs can share a machine.
import { withDatabase } from './databases';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_EMULATOR_URL = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 12112}`;
export const e2eDatabaseName = (port = E2E_PORT) => `paydeck_e2e_${port}`;
/** The embedded cluster used when DATABASE_URL is not set. */
export const e2eEmbedded = (port = E2E_PORT) => ({ dir: `.data/e2e-postgres-${port}`, port: port + 51231, password: 'paydeck' });

/** The database of the e2e stack on `port` (on DATABASE_URL's server, or its embedded cluster). */
export function e2eDatabaseUrl(port = E2E_PORT): string {
  const embedded = e2eEmbedded(port);
  const server = process.env.DATABASE_URL ?? `postgres://postgres:${embedded.password}@127.0.0.1:${embedded.port}/postgres`;
  return withDatabase(server, e2eDatabaseName(port));
}
