import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLog } from '@/db/schema';
import { audit, verifyAuditChain } from './audit';

const runVerify = () =>
  spawnSync(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/audit-verify.ts'], {
    env: process.env,
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('audit log hash chain', () => {
  it('links every row to the previous one, in order, even under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        audit({
          actor: { type: 'user', id: `u${i % 3}` },
          action: 'payment.initiated',
          target: { type: 'payment', id: `p${i}` },
          amount: 100 * i,
          currency: 'usd',
          data: { z: 1, a: [i] },
        }),
      ),
    );
    const status = await verifyAuditChain();
    expect(status).toMatchObject({ ok: true, verified: 20 });
  });

  it('the database refuses updates and deletes', async () => {
    await audit({ actor: { type: 'system' }, action: 'test.entry' });
    const cause = (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (e: { cause?: Error }) => e.cause?.message,
      );
    expect(await cause(db.execute(sql`update audit_log set action = 'tampered'`))).toMatch(/audit_log is append-only \(UPDATE refused\)/);
    expect(await cause(db.delete(auditLog))).toMatch(/audit_log is append-only \(DELETE refused\)/);
  });

  it('npm run audit:verify passes on an intact chain and fails after a row is edited by hand', async () => {
    await audit({
      actor: { type: 'admin', id: 'a1' },
      action: 'refund.requested',
      target: { type: 'payment', id: 'p1' },
      amount: 500,
      currency: 'usd',
    });
    const ok = runVerify();
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/audit chain OK: \d+ rows verified/);

    // A superuser can switch the trigger off; the chain still exposes the edit.
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
    await db.execute(sql`update audit_log set amount = 1 where id = (select min(id) from audit_log)`);
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
    const broken = runVerify();
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/audit chain BROKEN at row \d+: content does not match its hash/);
  });
});
