import { listCustomers } from '@/lib/admin/customers';
import { currentUser } from '@/lib/auth/session';
import { route } from '@/lib/http/handler';
import { privateJson } from '@/lib/http/respond';

export const GET = route(async (request) =>
  privateJson(await listCustomers(await currentUser(), Object.fromEntries(new URL(request.url).searchParams))),
);
