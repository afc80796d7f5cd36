import type { Page } from '@playwright/test';
import { DEMO, expect, signIn, test } from './fixtures';
import { fillCard, openCheckout, payButton } from './support/checkout';
import { createAccount, e2eSql } from './support/users';

/** A customer pays $10.00 with 4242 in the browser; returns their email and the payment id. */
async function customerPays(page: Page): Promise<{ email: string; paymentId: string }> {
  const customer = await createAccount();
  await signIn(page, customer);
  await openCheckout(page, '100 credits');
  await fillCard(page, '4242 4242 4242 4242');
  await payButton(page).click();
  await expect(page.getByRole('heading', { name: 'Payment successful' })).toBeVisible({ timeout: 15_000 });
  const paymentId = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toBeVisible();
  return { email: customer.email, paymentId };
}

test('an admin finds a payment by email, refunds part of it, and sees the refund settle and its audit entry', async ({ page }) => {
  const { email, paymentId } = await customerPays(page);
  await signIn(page, DEMO.admin);

  await page.goto('/admin/payments');
  await expect(page.getByRole('heading', { name: 'Payments' })).toBeVisible();
  await page.getByLabel('Search: email, PaymentIntent id or card last 4').fill(email);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const rows = page.getByTestId('admin-payment-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(email);
  await expect(rows.first()).toContainText('$10.00');
  await rows.first().getByRole('link').click();
  await expect(page).toHaveURL((url) => url.pathname === `/admin/payments/${paymentId}`);

  await page.getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund this payment' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Amount (USD)')).toHaveValue('10.00');
  // Too much first: a clear message, nothing sent.
  await dialog.getByLabel('Amount (USD)').fill('12.00');
  await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
  await expect(dialog.getByText('The refund is more than what remains refundable ($10.00).')).toBeVisible();
  await dialog.getByLabel('Amount (USD)').fill('4.00');
  await dialog.getByLabel('Reason').selectOption('requested_by_customer');
  await dialog.getByLabel('Internal note (optional)').fill('Asked by phone');
  await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Refund of $4.00 submitted' })).toBeVisible();

  const refundRow = page.getByTestId('refund-row');
  await expect(refundRow).toHaveCount(1);
  await expect(refundRow).toContainText('succeeded', { timeout: 15_000 });
  await expect(refundRow).toContainText('$4.00');
  await expect(page.getByTestId('amount-refunded')).toContainText('$4.00 of $10.00 · $6.00 refundable');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('partially refunded');
  await expect(page.getByTestId('timeline-audit').filter({ hasText: 'refund requested' })).toContainText(DEMO.admin.email);

  await page.goto(`/admin/audit?action=refund&target=payment:${paymentId}`);
  const audit = page.getByTestId('audit-row');
  await expect(audit.filter({ hasText: 'refund requested' })).toContainText(DEMO.admin.email);
  await expect(audit.filter({ hasText: 'refund succeeded' })).toHaveCount(1);
  await expect(page.getByText(/Hash chain verified/)).toBeVisible();

  const [stored] = await e2eSql()`select amount_refunded::int as refunded from payments where id = ${paymentId}`;
  expect(stored).toEqual({ refunded: 400 });

  // The same API without the dialog: the key is required, a retry replays, bad amounts get a field message.
  const origin = new URL(page.url()).origin;
  const body = { paymentId, amount: 100, reason: 'duplicate' };
  const noKey = await page.request.post('/api/payments/refund', { headers: { origin }, data: body });
  expect(noKey.status()).toBe(400);
  const headers = { origin, 'idempotency-key': `e2e-refund-${paymentId}` };
  const first = await page.request.post('/api/payments/refund', { headers, data: body });
  expect(first.status()).toBe(201);
  const replay = await page.request.post('/api/payments/refund', { headers, data: body });
  expect(replay.status()).toBe(201);
  expect(replay.headers()['idempotent-replayed']).toBe('true');
  expect(((await replay.json()) as { refund: { id: string } }).refund.id).toBe(
    ((await first.json()) as { refund: { id: string } }).refund.id,
  );
  const zero = await page.request.post('/api/payments/refund', {
    headers: { origin, 'idempotency-key': `e2e-zero-${paymentId}` },
    data: { ...body, amount: 0 },
  });
  expect(zero.status()).toBe(422);
  expect(await zero.json()).toMatchObject({
    error: { code: 'validation_failed', fields: { amount: ['The refund amount must be more than 0.'] } },
  });
  const refundRows = await e2eSql()`select amount::int as amount from refunds where payment_id = ${paymentId} order by amount`;
  expect(refundRows).toEqual([{ amount: 100 }, { amount: 400 }]);
});

test('a normal user is refused every admin page and admin API', async ({ page }) => {
  await signIn(page, DEMO.user);
  const someId = '00000000-0000-4000-8000-000000000000';
  for (const path of [
    '/admin',
    '/admin/payments',
    `/admin/payments/${someId}`,
    '/admin/refunds',
    '/admin/customers',
    `/admin/customers/${someId}`,
    '/admin/webhooks',
    '/admin/webhooks/evt_123',
    '/admin/audit',
    '/admin/reconciliation',
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Admin' })).toHaveCount(0);
  }
  const origin = new URL(page.url()).origin;
  for (const path of [
    '/api/admin/payments',
    '/api/admin/webhooks',
    '/api/admin/audit',
    '/api/admin/customers',
    '/api/admin/reconciliation',
    `/api/admin/payments/${someId}`,
  ]) {
    expect((await page.request.get(path)).status(), path).toBe(403);
  }
  const refund = await page.request.post('/api/payments/refund', {
    headers: { origin, 'content-type': 'application/json', 'idempotency-key': 'e2e-not-an-admin-1' },
    data: { paymentId: someId, amount: 100, reason: 'duplicate' },
  });
  expect(refund.status()).toBe(403);
  expect(await refund.json()).toEqual({ error: { code: 'forbidden', message: 'You are not allowed to do that.' } });
});

test('the overview shows the money, and reconciliation runs from its button with progress', async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.goto('/admin?range=30d');
  await expect(page.getByRole('heading', { name: 'Admin overview' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Last 30 days' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('Successful payments')).toBeVisible();
  await expect(page.getByText(/Revenue per day \(UTC\)/)).toBeVisible();

  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Reconciliation' }).click();
  await page.getByRole('button', { name: 'Run reconciliation' }).click();
  await expect(page.getByTestId('reconciliation-summary')).toContainText('Checked', { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: /Run/ })).toContainText('completed');
});

test('every admin page renders for an admin and passes axe', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, DEMO.admin);
  await page.goto('/admin');
  const nav = page.getByRole('navigation', { name: 'Admin' });
  for (const [link, heading] of [
    ['Refund approvals', 'Refund approvals'],
    ['Customers', 'Customers'],
    ['Webhooks', 'Webhook events'],
    ['Audit log', 'Audit log'],
  ] as const) {
    await nav.getByRole('link', { name: link }).click();
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  }
  await page.goto('/admin/webhooks?status=processed');
  await page.getByRole('table').getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: 'Payload' })).toBeVisible();
  await expect(page.getByLabel('Event payload, redacted')).toContainText('"type"');

  await page.goto(`/admin/customers?q=${encodeURIComponent(DEMO.user.email)}`);
  await page.getByRole('link', { name: DEMO.user.email }).click();
  await expect(page.getByRole('heading', { name: 'Subscriptions' })).toBeVisible();

  // Malformed filters come back as field messages, not errors.
  await page.goto('/admin/audit?action=DROP%20TABLE');
  await expect(page.getByText('Enter an action like refund.requested, or a prefix like refund.')).toBeVisible();
  await page.goto('/admin/payments?currency=dollars');
  await expect(page.getByText('Use a three-letter currency code, e.g. usd.')).toBeVisible();
});
