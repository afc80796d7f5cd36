// Test users written straight into the e2e database: a fresh account per test without going
// through sign-up (which is rate-limited per IP, as it should be).
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import postgres from 'postgres';
import { e2eDatabaseUrl } from '../../scripts/lib/e2e-config';

let sql: postgres.Sql | undefined;
const db = () => (sql ??= postgres(e2eDatabaseUrl(), { max: 2, onnotice: () => {} }));

export type TestAccount = { id: string; email: string; password: string };

export async function createAccount(role: 'user' | 'admin' = 'user'): Promise<TestAccount> {
  const email = `e2e-${randomUUID().slice(0, 12)}@example.com`;
  const password = `pw-${randomUUID()}`;
  const [row] = await db()<{ id: string }[]>`
    insert into users (id, email, name, role, password_hash)
    values (${randomUUID()}, ${email}, ${'E2E ' + role}, ${role}, ${await hash(password)})
    returning id`;
  return { id: row!.id, email, password };
}

/** Runs a query against the e2e database (assertions on what the app stored). */
export function e2eSql(): postgres.Sql {
  return db();
}
