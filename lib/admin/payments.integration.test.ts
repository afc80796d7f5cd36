import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { payments, users, type User } from '@/db/schema';
import { asAppError } from '@/lib/errors';
import { createTestUser } from '@/scripts/test/users';
import { getOverview } from './overview';
import { listAdminPayments } from './payments';

let admin: User;
let jane: User;
let bob: User;
const base = Date.parse('2026-03-10T12:00:00Z');
const ids: string[] = [];

// 30 payments, one every hour: a mix of statuses, currencies, amounts and cards.
beforeAll(async () => {
  admin = await createTestUser({ role: 'admin' });
  jane = await createTestUser({ email: 'jane.doe@example.com' });
  bob = await createTestUser({ email: 'bob_100%@example.org' });
  const rows = Array.from({ length: 30 }, (_, i) => {
    const id = randomUUID();
    ids.push(id);
    const status = i % 10 === 0 ? 'requires_payment_method' : i % 7 === 0 ? 'processing' : 'succeeded';
    return {
      id,
      userId: i % 3 === 0 ? bob.id : jane.id,
      stripePaymentIntentId: `pi_test_${String(i).padStart(3, '0')}`,
      amount: 1000 + i * 100,
      amountRefunded: i === 5 ? 1500 : i === 8 ? 300 : 0,
      currency: i % 4 === 0 ? 'eur' : 'usd',
      status: status as 'succeeded',
      lastErrorCode: status === 'requires_payment_method' ? 'card_declined' : null,
      cardBrand: 'visa',
      cardLast4: i === 12 ? '0005' : '4242',
      createdAt: new Date(base + i * 3_600_000),
    };
  });
  await db.insert(payments).values(rows);
});

const list = (input: Parameters<typeof listAdminPayments>[1]) => listAdminPayments(admin, input);
const refused = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => asAppError(e),
  );

describe('admin payments list', () => {
  it('pages newest first by keyset, every row exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await list({ limit: 7, cursor });
      seen.push(...result.items.map((r) => r.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('sorts by amount both ways, with pagination', async () => {
    const asc = await list({ sort: 'amount_asc', limit: 5 });
    expect(asc.items.map((r) => r.amount)).toEqual([1000, 1100, 1200, 1300, 1400]);
    const next = await list({ sort: 'amount_asc', limit: 5, cursor: asc.nextCursor! });
    expect(next.items[0]!.amount).toBe(1500);
    const desc = await list({ sort: 'amount_desc', limit: 2 });
    expect(desc.items.map((r) => r.amount)).toEqual([3900, 3800]);
    expect(await refused(list({ sort: 'created_desc', cursor: asc.nextCursor! }))).toMatchObject({
      status: 422,
      details: { fields: { cursor: [expect.stringContaining('another sort order')] } },
    });
  });

  it('filters by status (as displayed), currency, amount range and date range', async () => {
    const failed = await list({ status: 'failed' });
    expect(failed.items.map((r) => r.paymentIntentId).sort()).toEqual(['pi_test_000', 'pi_test_010', 'pi_test_020']);
    expect((await list({ status: 'refunded' })).items.map((r) => r.paymentIntentId)).toEqual(['pi_test_005']);
    expect((await list({ status: 'partially_refunded' })).items.map((r) => r.paymentIntentId)).toEqual(['pi_test_008']);
    expect((await list({ status: 'processing' })).items.map((r) => r.paymentIntentId).sort()).toEqual([
      'pi_test_007',
      'pi_test_014',
      'pi_test_021',
      'pi_test_028',
    ]);
    const eur = await list({ currency: 'EUR', limit: 100 });
    expect(eur.items.every((r) => r.currency === 'eur')).toBe(true);
    expect(eur.items).toHaveLength(8);
    const range = await list({ amountMin: '2000', amountMax: '2200', limit: 100 });
    expect(range.items.map((r) => r.amount).sort()).toEqual([2000, 2100, 2200]);
    const day = await list({ from: '2026-03-11', to: '2026-03-11', limit: 100 });
    expect(day.items.every((r) => r.createdAt.startsWith('2026-03-11'))).toBe(true);
    expect(day.items).toHaveLength(18);
  });

  it('searches by email fragment, PaymentIntent id and card last4, treating LIKE wildcards literally', async () => {
    const byEmail = await list({ q: 'JANE.doe', limit: 100 });
    expect(byEmail.items).toHaveLength(20);
    expect(byEmail.items.every((r) => r.customerEmail === 'jane.doe@example.com')).toBe(true);
    expect((await list({ q: 'bob_100%', limit: 100 })).items).toHaveLength(10);
    expect((await list({ q: 'b%b', limit: 100 })).items).toHaveLength(0);
    expect((await list({ q: 'pi_test_017' })).items.map((r) => r.amount)).toEqual([2700]);
    expect((await list({ q: '0005' })).items.map((r) => r.paymentIntentId)).toEqual(['pi_test_012']);
    expect((await list({ q: ids[3]! })).items.map((r) => r.id)).toEqual([ids[3]]);
    expect((await list({ q: 'nobody@nowhere.test' })).items).toHaveLength(0);
  });

  it('a broad email search (more customers than the id list holds) still finds every payment', async () => {
    const many = await db
      .insert(users)
      .values(Array.from({ length: 620 }, (_, i) => ({ email: `broad${i}@broad.test`, name: 'Broad' })))
      .returning({ id: users.id });
    await db.insert(payments).values(
      many.map((u, i) => ({
        id: randomUUID(),
        userId: u.id,
        amount: 100 + i,
        currency: 'usd',
        status: 'succeeded' as const,
        createdAt: new Date(base - i * 60_000),
      })),
    );
    const found: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await list({ q: '@broad.test', limit: 100, cursor });
      found.push(...page.items.map((r) => r.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(new Set(found).size).toBe(620);
  });

  it('rejects malformed filters with a message per field, and no SQL built from input', async () => {
    const bad = await refused(
      list({ status: 'paid', currency: 'dollars', amountMin: '-5', amountMax: 'ten', from: '2026-13-40', q: '12' }),
    );
    expect(bad.status).toBe(422);
    expect(bad.details?.fields).toMatchObject({
      status: ['Choose one of the listed statuses.'],
      currency: ['Use a three-letter currency code, e.g. usd.'],
      amountMin: ['The minimum amount cannot be negative.'],
      amountMax: ['The maximum amount must be a number of minor units (cents).'],
      from: [expect.stringContaining('not a real date')],
      q: [expect.stringContaining('last 4 digits')],
    });
    expect((await refused(list({ from: '2026-03-12', to: '2026-03-10' }))).details?.fields).toEqual({
      to: ['The end date must be on or after the start date.'],
    });
    expect((await refused(list({ amountMin: '500', amountMax: '100' }))).details?.fields).toEqual({
      amountMax: ['The maximum amount must be at least the minimum.'],
    });
    expect((await refused(list({ cursor: 'not-a-cursor' }))).details?.fields?.cursor).toBeDefined();
    expect((await refused(list({ q: "x' or 1=1 --" }))).status).toBe(422);
    expect((await list({ q: "o'brien@example.com" })).items).toEqual([]);
    expect((await refused(list({ limit: '1000' }))).details?.fields?.limit).toEqual(['Ask for at most 100 rows per page.']);
    expect((await refused(list({ extra: '1' } as never))).status).toBe(422);
  });
});

describe('admin overview', () => {
  it('aggregates volume, refunds, net and counts per currency with SQL, and buckets revenue by day', async () => {
    // The seeded payments are in March; the overview looks back from now, so add two recent ones.
    const recent = [
      {
        id: randomUUID(),
        userId: jane.id,
        amount: 5000,
        currency: 'usd',
        status: 'succeeded' as const,
        createdAt: new Date(Date.now() - 3_600_000),
      },
      {
        id: randomUUID(),
        userId: jane.id,
        amount: 700,
        currency: 'usd',
        status: 'requires_payment_method' as const,
        lastErrorCode: 'card_declined',
        createdAt: new Date(Date.now() - 7_200_000),
      },
    ];
    await db.insert(payments).values(recent);
    const o = await getOverview(admin, '7d');
    expect(o.totals).toMatchObject({ succeeded: 1, failed: 1 });
    expect(o.totals.byCurrency).toEqual([{ currency: 'usd', gross: 5000, refunded: 0, net: 5000, succeeded: 1, failed: 1 }]);
    expect(o.series.bucket).toBe('day');
    expect(o.series.points.length).toBeGreaterThanOrEqual(7);
    expect(o.series.points.reduce((s, p) => s + Number(p.usd ?? 0), 0)).toBe(5000);
    expect(o.recentFailed[0]).toMatchObject({ id: recent[1]!.id, status: 'failed' });
    expect((await getOverview(admin, '24h')).series.bucket).toBe('hour');
    expect((await getOverview(admin, 'bogus')).range).toBe('7d');
  });
});
