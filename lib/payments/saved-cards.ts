import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { db } from '@/db';
import { paymentMethods, users, type SavedPaymentMethod, type User } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { idOf } from '@/lib/ids';
import { userByCustomer } from './customers';

/** The user's saved cards (display data only), newest first. */
export function listSavedCards(user: Pick<User, 'id'>): Promise<SavedPaymentMethod[]> {
  return db.select().from(paymentMethods).where(eq(paymentMethods.userId, user.id)).orderBy(desc(paymentMethods.createdAt));
}

/** One of the user's saved cards; someone else's card is "not found", never "forbidden". */
export async function ownedCard(user: Pick<User, 'id'>, paymentMethodId: string): Promise<SavedPaymentMethod> {
  const [card] = await db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, paymentMethodId), eq(paymentMethods.userId, user.id)))
    .limit(1);
  if (!card) throw new AppError('not_found', 'That saved card was not found.');
  return card;
}

/** Mirrors a card attached to one of our customers (payment_method.attached / updated). */
export async function upsertSavedCard(pm: Stripe.PaymentMethod): Promise<boolean> {
  const user = await userByCustomer(idOf(pm.customer));
  if (!user || pm.type !== 'card' || !pm.card) return false;
  const values = {
    id: pm.id,
    userId: user.id,
    brand: pm.card.brand,
    last4: pm.card.last4,
    expMonth: pm.card.exp_month,
    expYear: pm.card.exp_year,
    createdAt: new Date(pm.created * 1000),
  };
  await db.insert(paymentMethods).values(values).onConflictDoUpdate({ target: paymentMethods.id, set: values });
  return true;
}

/** Forgets a detached card (payment_method.detached). */
export async function removeSavedCard(paymentMethodId: string): Promise<void> {
  await db.delete(paymentMethods).where(eq(paymentMethods.id, paymentMethodId));
  await db.update(users).set({ defaultPaymentMethodId: null }).where(eq(users.defaultPaymentMethodId, paymentMethodId));
}

/** customer.updated: the default card; customer.deleted: the link and the cards. */
export async function applyCustomer(customer: Stripe.Customer | Stripe.DeletedCustomer, deleted: boolean): Promise<void> {
  const user = await userByCustomer(customer.id);
  if (!user) return;
  if (deleted || ('deleted' in customer && customer.deleted)) {
    await db.transaction(async (tx) => {
      await tx.delete(paymentMethods).where(eq(paymentMethods.userId, user.id));
      await tx.update(users).set({ stripeCustomerId: null, defaultPaymentMethodId: null }).where(eq(users.id, user.id));
    });
    return;
  }
  const live = customer as Stripe.Customer;
  await db
    .update(users)
    .set({ defaultPaymentMethodId: idOf(live.invoice_settings?.default_payment_method) })
    .where(eq(users.id, user.id));
}
