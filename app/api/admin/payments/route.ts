import { listAdminPayments } from '@/lib/admin/payments';
import { currentUser } from '@/lib/auth/session';
import { route } from '@/lib/http/handler';
import { privateJson } from '@/lib/http/respond';

// The admin payments table: filters, search, sort and cursor come from the query string (validated in the service).
export const GET = route(async (request) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return privateJson(await listAdminPayments(await currentUser(), params));
});
