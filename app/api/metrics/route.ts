import { route } from '@/lib/http/handler';
import { assertMetricsAccess } from '@/lib/metrics/auth';
import { collectMetrics } from '@/lib/metrics/collect';
import { renderMetrics } from '@/lib/metrics/exposition';

export const dynamic = 'force-dynamic';

// Prometheus scrape endpoint, protected by METRICS_TOKEN (bearer).
export const GET = route(async (request) => {
  assertMetricsAccess(request.headers);
  return new Response(renderMetrics(await collectMetrics()), {
    headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' },
  });
});
