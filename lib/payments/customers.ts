import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { db, type Database } from '@/db';
import { users, type User } from '@/db/schema';
import { stripeCall } from '@/lib/stripe/call';

/**
 * The user's Stripe customer id, creating the customer on first use. Concurrent calls converge
 * on one customer: the idempotency key is derived from the user id (Stripe answers every caller
 * with the same customer) and the column is only written while still empty (and unique).
 */
export async function ensureCustomer(user: Pick<User, 'id' | 'email' | 'name' | 'stripeCustomerId'>): Promise<string> {
  if (user.stripeCustomerId) return user.stripeCustomerId;
  const customer = await stripeCall('customers.create', (s) =>
    s.customers.create(
      { email: user.email, name: user.name ?? undefined, metadata: { user_id: user.id } },
      { idempotencyKey: `customer:${user.id}` },
    ),
  );
  await db
    .update(users)
    .set({ stripeCustomerId: customer.id })
    .where(and(eq(users.id, user.id), isNull(users.stripeCustomerId)));
  const [row] = await db.select({ customerId: users.stripeCustomerId }).from(users).where(eq(users.id, user.id));
  const customerId = row?.customerId ?? customer.id;
  user.stripeCustomerId = customerId;
  return customerId;
}

/** The user owning a Stripe customer, if it is one of ours (read through `database`: a transaction passes itself, never waiting on the pool while holding locks). */
export async function userByCustomer(customerId: string | null | undefined, database: Pick<Database, 'select'> = db): Promise<User | null> {
  if (!customerId) return null;
  const [user] = await database.select().from(users).where(eq(users.stripeCustomerId, customerId)).limit(1);
  return user ?? null;
}
