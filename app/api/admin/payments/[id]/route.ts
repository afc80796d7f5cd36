import { getAdminPayment } from '@/lib/admin/payment-detail';
import { currentUser } from '@/lib/auth/session';
import { route } from '@/lib/http/handler';
import { privateJson } from '@/lib/http/respond';

export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) =>
  privateJson(await getAdminPayment(await currentUser(), (await params).id)),
);
