import 'server-only';
import { count, desc } from 'drizzle-orm';
import { db } from '@/db';
import { users, type User } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/roles';

export type AdminUserRow = Pick<User, 'id' | 'email' | 'name' | 'role' | 'subscriptionStatus' | 'createdAt'>;

/** Newest users first, for the admin dashboard. Admins only. */
export async function listUsers(actor: User | null, options: { limit?: number } = {}): Promise<{ total: number; users: AdminUserRow[] }> {
  assertAdmin(actor);
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        subscriptionStatus: users.subscriptionStatus,
        createdAt: users.createdAt,
      })
      .from(users)
      .orderBy(desc(users.createdAt))
      .limit(limit),
    db.select({ total: count() }).from(users),
  ]);
  return { total: totals?.total ?? 0, users: rows };
}
