import 'server-only';
import type { User } from '@/db/schema';
import { AppError } from '@/lib/errors';

/** Throws `unauthenticated` without a user and `forbidden` unless they are an admin; every admin service function starts with it. */
export function assertAdmin(user: Pick<User, 'role'> | null | undefined): asserts user is User {
  if (!user) throw new AppError('unauthenticated');
  if (user.role !== 'admin') throw new AppError('forbidden');
}

/** Throws `unauthenticated` without a user; for service functions that take the actor explicitly. */
export function assertUser(user: User | null | undefined): asserts user is User {
  if (!user) throw new AppError('unauthenticated');
}
