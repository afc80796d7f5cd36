import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { users, type User } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { auth } from './config';
import { assertAdmin } from './roles';

/** The signed-in user, loaded fresh from the database (so a role change applies at once), or null. */
export async function currentUser(): Promise<User | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user ?? null;
}

/** The signed-in user; throws `unauthenticated` otherwise. Service functions call this or take a user. */
export async function requireUser(): Promise<User> {
  const user = await currentUser();
  if (!user) throw new AppError('unauthenticated');
  return user;
}

/** The signed-in admin; throws `unauthenticated` or `forbidden` otherwise. */
export async function requireAdmin(): Promise<User> {
  const user = await currentUser();
  assertAdmin(user);
  return user;
}
