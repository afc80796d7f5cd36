import { listReconciliationRuns, reconciliationInput, startReconciliation } from '@/lib/admin/reconciliation/run';
import { currentUser, requireAdmin } from '@/lib/auth/session';
import { readJson } from '@/lib/http/body';
import { route } from '@/lib/http/handler';
import { requestMeta } from '@/lib/http/request-meta';
import { privateJson } from '@/lib/http/respond';
import { assertSameOrigin } from '@/lib/security/origin';

export const GET = route(async () => privateJson(await listReconciliationRuns(await currentUser())));

// Queues a run for the worker (one at a time); the page polls GET /api/admin/reconciliation/<id> for progress.
export const POST = route(async (request) => {
  const actor = await requireAdmin();
  assertSameOrigin(request);
  const input = await readJson(request, reconciliationInput.in);
  return privateJson(await startReconciliation(actor, input, { request: requestMeta(request.headers) }), 202);
});
