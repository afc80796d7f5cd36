import { requireUser } from '@/lib/auth/session';
import { route } from '@/lib/http/handler';
import { privateJson } from '@/lib/http/respond';
import { getPayment } from '@/lib/payments/history';

export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const user = await requireUser();
  return privateJson(await getPayment(user, (await params).id));
});
