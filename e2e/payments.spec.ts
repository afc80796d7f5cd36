import { expect, signIn, test } from './fixtures';
import { challengeFrame, emulatorControl, fillCard, openCheckout, payButton } from './support/checkout';
import { createAccount, e2eSql } from './support/users';
import type { Page } from '@playwright/test';

async function expectSuccess(page: Page, amount: string) {
  await expect(page).toHaveURL(/\/payments\/[0-9a-f-]{36}(\?|$)/);
  await expect(page.getByRole('heading', { name: 'Payment successful' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(amount).first()).toBeVisible();
  return new URL(page.url()).pathname.split('/').pop()!;
}

test.describe('one-time payments', () => {
  test('4242 pays, shows success, and appears in the history with a receipt', async ({ page }) => {
    const account = await createAccount();
    await signIn(page, account);
    await openCheckout(page, '500 credits');
    await page.getByLabel('Quantity').fill('2');
    await expect(page.getByTestId('checkout-total')).toHaveText('$90.00');
    await fillCard(page, '4242 4242 4242 4242');
    await payButton(page).click();
    const id = await expectSuccess(page, '$90.00');
    await expect(page.getByText('visa •••• 4242')).toBeVisible();

    await page.getByRole('link', { name: 'All payments' }).click();
    const row = page.getByTestId('payment-row').filter({ hasText: '500 credits × 2' });
    await expect(row).toContainText('Succeeded');
    await expect(row).toContainText('$90.00');
    await expect(row.getByRole('link', { name: /Receipt/ })).toBeVisible();
    const [stored] = await e2eSql()`select status, amount::int as amount, card_last4 from payments where id = ${id}`;
    expect(stored).toMatchObject({ status: 'succeeded', amount: 9000, card_last4: '4242' });
  });

  test('3-D Secure completed → success', async ({ page }) => {
    await signIn(page, await createAccount());
    await openCheckout(page);
    await fillCard(page, '4000 0025 0000 3155');
    await payButton(page).click();
    await challengeFrame(page).getByRole('button', { name: 'Complete authentication' }).click();
    await expectSuccess(page, '$10.00');
  });

  test('3-D Secure failed → clear error, then another card on the same payment succeeds', async ({ page }) => {
    const account = await createAccount();
    await signIn(page, account);
    await openCheckout(page);
    await fillCard(page, '4000 0025 0000 3155');
    await payButton(page).click();
    await challengeFrame(page).getByRole('button', { name: 'Fail authentication' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'We are unable to authenticate your payment method' })).toBeVisible();
    await fillCard(page, '4242 4242 4242 4242');
    await payButton(page).click();
    await expectSuccess(page, '$10.00');
    const rows = await e2eSql()`select status from payments where user_id = ${account.id}`;
    expect(rows.map((r) => r.status)).toEqual(['succeeded']);
  });

  for (const [card, message] of [
    ['4000 0000 0000 0002', 'Your card was declined.'],
    ['4000 0000 0000 9995', 'Your card has insufficient funds.'],
  ] as const) {
    test(`${card} shows “${message}” and lets the user try another card`, async ({ page }) => {
      await signIn(page, await createAccount());
      await openCheckout(page);
      await fillCard(page, card);
      await payButton(page).click();
      await expect(page.getByRole('alert').filter({ hasText: message })).toBeVisible();
      await expect(payButton(page)).toBeEnabled();
    });
  }

  test('a saved card pays again in one click', async ({ page }) => {
    const account = await createAccount();
    await signIn(page, account);
    await openCheckout(page);
    await page.getByLabel('Save this card for next time').check();
    await fillCard(page, '4242 4242 4242 4242');
    await payButton(page).click();
    await expectSuccess(page, '$10.00');

    // The card is saved by the payment_method.attached webhook.
    await expect(async () => {
      await openCheckout(page);
      await expect(page.getByRole('button', { name: /Visa •••• 4242/ })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await page.getByRole('button', { name: /Visa •••• 4242/ }).click();
    await expectSuccess(page, '$10.00');
    const rows = await e2eSql()`select status from payments where user_id = ${account.id}`;
    expect(rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  test('a double click on Pay creates one payment', async ({ page }) => {
    const account = await createAccount();
    await signIn(page, account);
    await openCheckout(page);
    await fillCard(page, '4242 4242 4242 4242');
    await payButton(page).dblclick();
    await expectSuccess(page, '$10.00');
    const rows = await e2eSql()`select id from payments where user_id = ${account.id}`;
    expect(rows).toHaveLength(1);
  });

  test('with webhooks delayed, the payment page still reaches success', async ({ page }) => {
    await signIn(page, await createAccount());
    await emulatorControl('chaos', { delayMs: 60_000 });
    try {
      await openCheckout(page);
      await fillCard(page, '4242 4242 4242 4242');
      await payButton(page).click();
      await expectSuccess(page, '$10.00');
    } finally {
      await emulatorControl('chaos', null, 'DELETE');
    }
  });
});
