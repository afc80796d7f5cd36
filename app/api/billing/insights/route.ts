import { requireUser } from '@/lib/auth/session';
import { spendingInsights } from '@/lib/billing/insights';
import { route } from '@/lib/http/handler';
import { privateJson } from '@/lib/http/respond';

// Pro only: 401 signed out, 403 (with the reason) on another plan or none.
export const GET = route(async () => {
  const user = await requireUser();
  return privateJson(await spendingInsights(user));
});
