import type { ActionResult } from '@/app/(app)/pay/actions';

export type CatalogOption = { priceId: string; name: string; description: string | null; unitAmount: number; currency: string };
export type SavedCard = { id: string; brand: string; last4: string; expMonth: number; expYear: number };
/** The Stripe account a payment went to: the primary, or the fallback during the primary's outage. */
export type PaymentAccount = 'primary' | 'fallback';
export type IntentData = { paymentId: string; status: string; clientSecret: string | null; amount: number; currency: string; account: PaymentAccount; publishableKey: string };
export type CreatePayment = (input: { priceId: string; quantity: number; savePaymentMethod: boolean }, idempotencyKey: string) => Promise<ActionResult<IntentData>>;
export type PayWithSavedCard = (paymentId: string, paymentMethodId: string, idempotencyKey: string) => Promise<ActionResult<IntentData>>;
