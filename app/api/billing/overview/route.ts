import { requireUser } from '@/lib/auth/session';
import { billingOverview } from '@/lib/billing/overview';
import { route } from '@/lib/http/handler';
import { privateJson } from '@/lib/http/respond';

// What /billing polls while a checkout or a payment settles; a settling subscription is re-read from Stripe.
export const GET = route(async () => {
  const user = await requireUser();
  return privateJson(await billingOverview(user, user.id, { refresh: true }));
});
