// Test-only (never imported by the app), shared by the admin and refund integration tests: paid payments
// through the real emulator and pipeline.
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { payments, type User } from '@/db/schema';
import { createPaymentIntent } from '@/lib/payments/intents';
import { eventually, type Harness } from '@/scripts/test/harness';
import { createTestUser } from '@/scripts/test/users';

export const paymentRow = async (id: string) => (await db.select().from(payments).where(eq(payments.id, id)))[0]!;

/** A customer's payment of `quantity` × the price, confirmed with `card` and settled by webhooks. */
export async function paidPayment(h: Harness, priceId: string, options: { quantity?: number; card?: string; user?: User } = {}) {
  const user = options.user ?? (await createTestUser());
  const { paymentId } = await createPaymentIntent(user, { priceId, quantity: options.quantity ?? 3 });
  const pi = (await paymentRow(paymentId)).stripePaymentIntentId!;
  const card = options.card ?? 'pm_card_visa';
  await h.stripe.paymentIntents.confirm(pi, { payment_method: card, return_url: 'http://localhost/return' }).catch((error: unknown) => {
    if (card === 'pm_card_visa') throw error;
  });
  const payment = await eventually(
    async () => {
      const p = await paymentRow(paymentId);
      if (card !== 'pm_card_visa') return p.lastErrorCode ? p : undefined;
      return p.status === 'succeeded' && p.latestChargeId ? p : undefined;
    },
    15_000,
    'payment settled by webhooks',
  );
  return { user, payment, pi };
}

export const stripeRefundCount = async (h: Harness, pi: string) =>
  (await h.stripe.refunds.list({ payment_intent: pi, limit: 100 })).data.length;
