// Runs app services (lib/) from an orchestration script once it knows the database and Stripe
// URLs it started: the environment is re-read so lib/env sees them.
import { closeDb } from '@/db';
import { resetEnvCache } from '@/lib/env';

export async function withAppEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  Object.assign(process.env, vars);
  resetEnvCache();
  try {
    return await fn();
  } finally {
    await closeDb();
  }
}
