import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { payments } from '@/db/schema';
import { createTestUser } from '@/scripts/test/users';
import { getCustomer, listCustomers } from './customers';

describe('admin customers', () => {
  it('lists customers newest first with their payment counts and paid totals, searchable by email, and shows one', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const ann = await createTestUser({ email: 'ann.customer@example.com', createdAt: new Date(Date.now() - 60_000) });
    await db.insert(payments).values([
      { id: randomUUID(), userId: ann.id, amount: 1500, currency: 'usd', status: 'succeeded' },
      { id: randomUUID(), userId: ann.id, amount: 900, currency: 'eur', status: 'succeeded' },
      { id: randomUUID(), userId: ann.id, amount: 700, currency: 'usd', status: 'requires_payment_method', lastErrorCode: 'card_declined' },
    ]);
    const all = await listCustomers(admin, {});
    expect(all.items.map((c) => c.id)).toEqual([admin.id, ann.id]);
    const found = await listCustomers(admin, { q: 'ANN.cust' });
    expect(found.items).toEqual([
      expect.objectContaining({
        email: 'ann.customer@example.com',
        payments: 3,
        paid: expect.arrayContaining([
          { currency: 'usd', amount: 1500 },
          { currency: 'eur', amount: 900 },
        ]),
      }),
    ]);
    const page = await listCustomers(admin, { limit: 1 });
    expect((await listCustomers(admin, { limit: 1, cursor: page.nextCursor! })).items.map((c) => c.id)).toEqual([ann.id]);
    await expect(listCustomers(admin, { q: 'an' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ message: 'Type at least 3 characters of the email.' })],
    });

    const detail = await getCustomer(admin, ann.id);
    expect(detail).toMatchObject({ email: 'ann.customer@example.com', subscriptions: [], invoices: [] });
    expect(detail.payments.map((p) => p.status).sort()).toEqual(['failed', 'succeeded', 'succeeded']);
    await expect(getCustomer(admin, 'nope')).rejects.toMatchObject({ status: 404 });
  });
});
