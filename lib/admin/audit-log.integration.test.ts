import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { audit } from '@/lib/audit';
import { createTestUser } from '@/scripts/test/users';
import { auditChainStatus, listAuditEntries } from './audit-log';

describe('admin audit log', () => {
  it('filters by actor, action (exact or prefix), target and date, pages by id, and reports the chain', async () => {
    const admin = await createTestUser({ role: 'admin', email: 'auditor@example.com' });
    await audit({
      actor: { type: 'admin', id: admin.id },
      action: 'refund.requested',
      target: { type: 'payment', id: 'p1' },
      amount: 500,
      currency: 'usd',
    });
    await audit({ actor: { type: 'stripe', id: null }, action: 'refund.succeeded', target: { type: 'payment', id: 'p1' } });
    await audit({ actor: { type: 'system', id: 'reconcile' }, action: 'payment.reconciled', target: { type: 'payment', id: 'p2' } });
    await audit({ actor: { type: 'admin', id: admin.id }, action: 'webhook.retried', target: { type: 'stripe_event', id: 'evt_1' } });

    const byEmail = await listAuditEntries(admin, { actor: 'Auditor@example.com' });
    expect(byEmail.items.map((e) => e.action)).toEqual(['webhook.retried', 'refund.requested']);
    expect(byEmail.items[0]!.actorEmail).toBe('auditor@example.com');
    expect((await listAuditEntries(admin, { actor: 'stripe' })).items.map((e) => e.action)).toEqual(['refund.succeeded']);
    expect((await listAuditEntries(admin, { action: 'refund' })).items).toHaveLength(2);
    expect((await listAuditEntries(admin, { action: 'refund.succeeded' })).items).toHaveLength(1);
    expect((await listAuditEntries(admin, { target: 'payment:p1' })).items).toHaveLength(2);
    expect((await listAuditEntries(admin, { target: 'p2' })).items).toHaveLength(1);
    expect((await listAuditEntries(admin, { to: '2000-01-01' })).items).toHaveLength(0);
    const page = await listAuditEntries(admin, { limit: 3 });
    const rest = await listAuditEntries(admin, { limit: 3, cursor: page.nextCursor! });
    expect([...page.items, ...rest.items].map((e) => e.id)).toEqual([...page.items, ...rest.items].map((e) => e.id).sort((a, b) => b - a));
    await expect(listAuditEntries(admin, { action: "refund'; drop table audit_log" })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['action'] })],
    });

    const ok = await auditChainStatus(admin);
    expect(ok).toMatchObject({ ok: true, verified: 4 });

    // Tampering (only possible with the append-only trigger off) shows as the first broken row.
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
    await db.execute(sql`update audit_log set amount = 50000 where action = 'refund.requested'`);
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
    const broken = await auditChainStatus(admin);
    expect(broken).toMatchObject({ ok: false, verified: 0, brokenAt: { reason: 'content does not match its hash' } });
  });
});
