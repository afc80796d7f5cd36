// Test users inserted directly (no password hashing cost); each test file has its own database.
import { randomUUID } from 'node:crypto';
import { db } from '@/db';
import { users, type User } from '@/db/schema';

export async function createTestUser(overrides: Partial<typeof users.$inferInsert> = {}): Promise<User> {
  const [user] = await db
    .insert(users)
    .values({ email: `user-${randomUUID().slice(0, 8)}@example.com`, name: 'Test User', ...overrides })
    .returning();
  return user!;
}
