import 'server-only';
import type { StoredResponse } from './idempotency';

/** JSON response of an idempotent request; `Idempotent-Replayed` tells a retry it got the stored answer. */
export function idempotentResponse(result: StoredResponse & { replayed: boolean }): Response {
  return Response.json(result.body, {
    status: result.status,
    headers: { 'Idempotent-Replayed': String(result.replayed), 'Cache-Control': 'no-store' },
  });
}

/** JSON response that no cache may keep (every API answer about a user's money). */
export function privateJson(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}
