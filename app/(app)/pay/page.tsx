import type { Metadata } from 'next';
import Link from 'next/link';
import { Checkout } from '@/components/payments/checkout';
import { userForPage } from '@/lib/auth/page-guards';
import { listOneTimeCatalog } from '@/lib/payments/catalog';
import { listSavedCards } from '@/lib/payments/saved-cards';
import { checkoutStripeConfig } from '@/lib/stripe/browser-config';
import { createPaymentAction, payWithSavedCardAction } from './actions';

export const metadata: Metadata = { title: 'Buy credits' };

export default async function PayPage() {
  const user = await userForPage();
  const [catalog, cards] = await Promise.all([listOneTimeCatalog(), listSavedCards(user)]);
  const stripe = checkoutStripeConfig();
  return (
    <div className="space-y-6">
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-bold">Buy credits</h1>
        <Link href="/payments">Payment history</Link>
      </div>
      {catalog.length === 0 ? (
        <p className="text-ink-muted">Nothing is on sale right now. Please come back later.</p>
      ) : (
        <Checkout
          catalog={catalog}
          savedCards={cards.map((c) => ({ id: c.id, brand: c.brand, last4: c.last4, expMonth: c.expMonth, expYear: c.expYear }))}
          stripeConfig={stripe.primary}
          fallbackStripeConfig={stripe.fallback}
          initialAccount={stripe.account}
          unavailable={stripe.unavailable}
          createPayment={createPaymentAction}
          payWithSavedCard={payWithSavedCardAction}
        />
      )}
    </div>
  );
}
