import { sql } from 'drizzle-orm';
import type { Database } from './index';
import { users } from './schema';

/** The demo accounts of development and tests; also written in the README. */
export const DEMO_ACCOUNTS = [
  { email: 'admin@paydeck.test', password: 'paydeck-admin-demo', name: 'Ada Admin', role: 'admin' },
  { email: 'user@paydeck.test', password: 'paydeck-user-demo', name: 'Uma User', role: 'user' },
] as const;

/**
 * Creates the demo accounts if missing (idempotent). The password hasher is passed in so the
 * data layer stays free of auth code.
 */
export async function seedDemoData(db: Database, hashPassword: (password: string) => Promise<string>): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const [existing] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${account.email}`)
      .limit(1);
    if (existing) continue;
    await db
      .insert(users)
      .values({ email: account.email, name: account.name, role: account.role, passwordHash: await hashPassword(account.password) });
  }
}
