import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { users, type User } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { hashPassword, verifyPassword } from './password';
import { signInSchema, signUpSchema } from './schemas';

/** Creates an email + password account; a taken email is a field error, not a 500. */
export async function registerUser(input: unknown): Promise<User> {
  const data = signUpSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  const [created] = await db.insert(users).values({ name: data.name, email: data.email, passwordHash }).onConflictDoNothing().returning();
  if (!created) throw new AppError('validation_failed', undefined, { fields: { email: ['An account with this email already exists.'] } });
  return created;
}

/** Checks credentials; returns the user or null, with no hint about which part was wrong. */
export async function authenticate(input: unknown): Promise<User | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, parsed.data.email))
    .limit(1);
  const ok = await verifyPassword(user?.passwordHash, parsed.data.password);
  return ok && user ? user : null;
}
