import { z } from 'zod';
import { requireUser } from '@/lib/auth/session';
import { route } from '@/lib/http/handler';
import { privateJson } from '@/lib/http/respond';
import { listPayments } from '@/lib/payments/history';

const query = z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).optional() });

export const GET = route(async (request) => {
  const user = await requireUser();
  const params = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return privateJson(await listPayments(user, params));
});
