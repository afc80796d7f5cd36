// Liveness: the process answers HTTP. No dependency is touched (readiness is /api/health), so a
// database outage never makes an orchestrator restart healthy instances.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}
