import { getReconciliationRun } from '@/lib/admin/reconciliation/run';
import { currentUser } from '@/lib/auth/session';
import { route } from '@/lib/http/handler';
import { privateJson } from '@/lib/http/respond';

export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) =>
  privateJson(await getReconciliationRun(await currentUser(), (await params).id)),
);
