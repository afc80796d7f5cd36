import { describe, expect, it } from 'vitest';
import { registerUser } from '@/lib/auth/accounts';
import { assertAdmin } from '@/lib/auth/roles';
import { db } from '@/db';
import { users } from '@/db/schema';
import { eq } from 'drizzle-orm';
import { listUsers } from './users';

describe('admin authorisation in the service layer', () => {
  it('assertAdmin refuses anonymous and normal users', () => {
    expect(() => assertAdmin(null)).toThrow(expect.objectContaining({ code: 'unauthenticated', status: 401 }));
    expect(() => assertAdmin({ role: 'user' })).toThrow(expect.objectContaining({ code: 'forbidden', status: 403 }));
    expect(() => assertAdmin({ role: 'admin' })).not.toThrow();
  });

  it('listUsers is refused to a user and served to an admin', async () => {
    const user = await registerUser({ name: 'U', email: 'u@example.com', password: 'long enough pw' });
    await expect(listUsers(user)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listUsers(null)).rejects.toMatchObject({ code: 'unauthenticated' });

    const [admin] = await db.update(users).set({ role: 'admin' }).where(eq(users.id, user.id)).returning();
    const result = await listUsers(admin!);
    expect(result.total).toBe(1);
    expect(result.users[0]).toMatchObject({ email: 'u@example.com', role: 'admin' });
    expect(result.users[0]).not.toHaveProperty('passwordHash');
  });
});
