// Types the payment components share with the server (type-only imports: nothing server-side is bundled).
import type { ActionResult } from '@/lib/http/action-result';
import type { IntentResult } from '@/lib/payments/intents';

export type CatalogOption = { priceId: string; name: string; description: string | null; unitAmount: number; currency: string };
export type SavedCard = { id: string; brand: string; last4: string; expMonth: number; expYear: number };
/** What starting or confirming a payment answers. */
export type IntentData = IntentResult;
/** The Stripe account a payment went to: the primary, or the fallback during the primary's outage. */
export type PaymentAccount = IntentResult['account'];
export type CreatePayment = (
  input: { priceId: string; quantity: number; savePaymentMethod: boolean },
  idempotencyKey: string,
) => Promise<ActionResult<IntentData>>;
export type PayWithSavedCard = (paymentId: string, paymentMethodId: string, idempotencyKey: string) => Promise<ActionResult<IntentData>>;
