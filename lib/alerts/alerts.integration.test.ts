import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as metricsRoute } from '@/app/api/metrics/route';
import { db } from '@/db';
import { alerts, payments, stripeEvents } from '@/db/schema';
import { resetEnvCache } from '@/lib/env';
import { createTestUser } from '@/scripts/test/users';
import { computeAlerts } from './compute';
import { listOpenAlerts, resolveAlert } from './list';

let hook: Server;
const received: Record<string, unknown>[] = [];
const METRICS_TOKEN = 'metrics-token-0123456789';

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  Object.assign(process.env, {
    ALERT_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`,
    ALERT_WINDOW_MINUTES: '15',
    ALERT_FAILED_PAYMENT_RATE: '0.3',
    ALERT_MIN_PAYMENTS: '10',
    ALERT_DEAD_WEBHOOKS: '2',
    METRICS_TOKEN,
  });
  resetEnvCache();
});
afterAll(async () => {
  await new Promise((r) => hook.close(r));
});

async function seedPayments(succeeded: number, failed: number, updatedAt = new Date()) {
  const user = await createTestUser();
  const row = (status: 'succeeded' | 'requires_payment_method') => ({
    id: randomUUID(),
    userId: user.id,
    amount: 1000,
    currency: 'usd',
    status,
    lastErrorCode: status === 'succeeded' ? null : 'card_declined',
    updatedAt,
    createdAt: updatedAt,
  });
  await db
    .insert(payments)
    .values([
      ...Array.from({ length: succeeded }, () => row('succeeded')),
      ...Array.from({ length: failed }, () => row('requires_payment_method')),
    ]);
  return user;
}

describe('alerts job', () => {
  it('raises one alert per condition above its threshold, POSTs it, keeps one while breached and resolves it when clear', async () => {
    // Below the minimum sample: no alert even at 50%.
    await seedPayments(3, 3);
    expect((await computeAlerts()).raised).toEqual([]);

    await seedPayments(4, 6);
    const first = await computeAlerts();
    const rate = first.checks.find((c) => c.kind === 'failed_payment_rate')!;
    expect(rate).toMatchObject({ breached: true, data: { failed: 9, succeeded: 7, total: 16 } });
    expect(first.raised).toHaveLength(1);
    expect(received).toEqual([
      expect.objectContaining({
        kind: 'failed_payment_rate',
        severity: 'warning',
        text: expect.stringContaining('56.3% of payments failed'),
        source: 'paydeck',
      }),
    ]);

    const second = await computeAlerts();
    expect(second.raised).toEqual([]);
    expect(await db.select().from(alerts).where(isNull(alerts.resolvedAt))).toHaveLength(1);
    expect(received).toHaveLength(1);

    // Out of the window: the condition clears and the job resolves its alert.
    await db.update(payments).set({ updatedAt: new Date(Date.now() - 60 * 60_000) });
    const third = await computeAlerts();
    expect(third.resolved).toEqual(first.raised);
    expect(await db.select().from(alerts).where(isNull(alerts.resolvedAt))).toHaveLength(0);
  });

  it('alerts on dead webhooks, and an admin can resolve it (audited)', async () => {
    const now = new Date();
    const dead = (i: number) => ({
      id: `evt_dead_${i}`,
      type: 'payment_intent.succeeded',
      livemode: false,
      stripeCreated: now,
      payload: {},
      status: 'dead' as const,
      attempts: 9,
      lastAttemptAt: now,
    });
    await db.insert(stripeEvents).values([dead(1), dead(2)]);
    const result = await computeAlerts();
    expect(result.checks.find((c) => c.kind === 'dead_webhooks')).toMatchObject({ breached: true, data: { dead: 2 } });
    const admin = await createTestUser({ role: 'admin' });
    const [open] = await listOpenAlerts(admin);
    expect(open).toMatchObject({ kind: 'dead_webhooks', message: expect.stringContaining('2 webhook events failed every retry') });
    await resolveAlert(admin, open!.id);
    await expect(resolveAlert(admin, open!.id)).rejects.toMatchObject({ status: 404 });
    expect((await db.select().from(alerts).where(eq(alerts.id, open!.id)))[0]!.resolvedAt).not.toBeNull();
  });
});

describe('/api/metrics', () => {
  const get = (headers: Record<string, string> = {}) => metricsRoute(new Request('http://app/api/metrics', { headers }), {});

  it('needs the bearer token and answers Prometheus text', async () => {
    expect((await get()).status).toBe(401);
    expect((await get({ authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    const res = await get({ authorization: `Bearer ${METRICS_TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).toMatch(/^paydeck_payments\{status="succeeded"\} \d+$/m);
    expect(text).toMatch(/^paydeck_webhook_events\{status="dead"\} 2$/m);
    expect(text).toContain('# TYPE paydeck_job_queue_depth gauge');
    expect(text).toContain('paydeck_webhook_oldest_unprocessed_seconds');
  });

  it('is off (404) without METRICS_TOKEN', async () => {
    delete process.env.METRICS_TOKEN;
    resetEnvCache();
    try {
      expect((await get({ authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(404);
    } finally {
      process.env.METRICS_TOKEN = METRICS_TOKEN;
      resetEnvCache();
    }
  });
});
