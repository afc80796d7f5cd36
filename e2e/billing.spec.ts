// Subscriptions in the browser: checkout with the Payment Element (3-D Secure included), plan
// changes with the proration preview, cancel/resume, card replacement and the past-due banner.
// After each scenario /billing must show exactly what the emulator's own objects say.
import type { Page } from '@playwright/test';
import Stripe from 'stripe';
import { E2E_EMULATOR_URL } from '../scripts/lib/e2e-config';
import { expect, signIn, test } from './fixtures';
import { cardFrame, challengeFrame, fillCard } from './support/checkout';
import { createAccount, e2eSql, type TestAccount } from './support/users';

const emulator = new URL(E2E_EMULATOR_URL);
const stripe = new Stripe('sk_test_emulator', {
  host: emulator.hostname,
  port: Number(emulator.port),
  protocol: 'http',
  maxNetworkRetries: 0,
});
const STATUS: Record<string, string> = {
  active: 'Active',
  trialing: 'Trial',
  past_due: 'Past due',
  canceled: 'Canceled',
  incomplete: 'Awaiting payment',
};
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const SETTLE = { timeout: 20_000 };

/** From /pricing to a paid subscription: the plan's checkout, the card, the Subscribe button. */
async function startCheckout(page: Page, plan: 'Starter' | 'Pro', period: 'Monthly' | 'Yearly', card: string) {
  await page.goto('/pricing');
  await page.getByText(period, { exact: true }).click();
  await page.getByRole('link', { name: `Choose ${plan}` }).click();
  await expect(page).toHaveURL(/\/billing\/subscribe\?price=price_/);
  await expect(cardFrame(page).locator('input[name="number"]')).toBeVisible();
  await fillCard(page, card);
  await page.getByRole('button', { name: /^Subscribe for / }).click();
}

async function subscribedAs(page: Page, plan: 'Starter' | 'Pro', period: 'Monthly' | 'Yearly' = 'Monthly'): Promise<TestAccount> {
  const account = await createAccount();
  await signIn(page, account);
  await startCheckout(page, plan, period, '4242 4242 4242 4242');
  await expect(page).toHaveURL(/\/billing\?checkout=return/);
  await expect(page.getByTestId('subscription-status')).toHaveText('Active', SETTLE);
  return account;
}

/** The user's subscription as the emulator has it now. */
async function stripeSubscriptionOf(account: TestAccount): Promise<Stripe.Subscription> {
  const rows = await e2eSql()<
    { id: string }[]
  >`select id from subscriptions where user_id = ${account.id} order by stripe_created desc limit 1`;
  expect(rows).toHaveLength(1);
  return stripe.subscriptions.retrieve(rows[0]!.id, { expand: ['items.data.price.product', 'default_payment_method'] });
}

/** Plan, status and dates on /billing are the emulator's, to the second. */
async function expectPageMatchesStripe(page: Page, account: TestAccount): Promise<Stripe.Subscription> {
  const sub = await stripeSubscriptionOf(account);
  const item = sub.items.data[0]!;
  await expect(page.getByTestId('plan-name')).toHaveText((item.price.product as Stripe.Product).name, SETTLE);
  await expect(page.getByTestId('subscription-status')).toHaveText(STATUS[sub.status]!, SETTLE);
  if (sub.cancel_at_period_end) await expect(page.getByTestId('ends-on')).toHaveAttribute('datetime', iso(sub.cancel_at!), SETTLE);
  else if (sub.status === 'trialing') await expect(page.getByTestId('trial-end')).toHaveAttribute('datetime', iso(sub.trial_end!), SETTLE);
  else await expect(page.getByTestId('renews-on')).toHaveAttribute('datetime', iso(item.current_period_end), SETTLE);
  const card = (sub.default_payment_method as Stripe.PaymentMethod | null)?.card;
  if (card) await expect(page.getByTestId('card-on-file')).toContainText(`${card.brand} •••• ${card.last4}`, SETTLE);
  return sub;
}

test.describe('subscriptions', () => {
  test('subscribe to Pro with 4242: active, the same as Stripe, and the Pro-only page and API open up', async ({ page }) => {
    const account = await createAccount();
    await signIn(page, account);
    await page.goto('/billing/insights');
    await expect(page.getByTestId('upgrade-prompt')).toBeVisible();
    expect((await page.request.get('/api/billing/insights')).status()).toBe(403);

    await startCheckout(page, 'Pro', 'Monthly', '4242 4242 4242 4242');
    await expect(page).toHaveURL(/\/billing\?checkout=return/);
    const sub = await expectPageMatchesStripe(page, account);
    expect(sub.status).toBe('active');
    const row = page.getByTestId('invoice-row');
    await expect(row).toHaveCount(1, SETTLE);
    await expect(row).toContainText('$29.00');
    await expect(row).toContainText('Paid');
    await expect(row.getByRole('link', { name: /^View/ })).toHaveAttribute('href', /\/invoices\/in_/);

    await page.goto('/pricing');
    await expect(page.getByRole('region', { name: 'Pro', exact: true })).toContainText('Current plan');
    await page.goto('/billing/insights');
    await expect(page.getByRole('table', { name: 'Paid per month' })).toContainText('$29.00');
    expect((await page.request.get('/api/billing/insights')).status()).toBe(200);
    // Test clocks and the emulator's control plane are never reachable through the app.
    for (const path of ['/_emulator/config', '/v1/test_helpers/test_clocks', '/api/billing/test-clock'])
      expect((await page.request.get(path)).status()).toBe(404);
  });

  test('subscribe with 3155: the 3-D Secure challenge, then active', async ({ page }) => {
    const account = await createAccount();
    await signIn(page, account);
    await startCheckout(page, 'Pro', 'Yearly', '4000 0025 0000 3155');
    await challengeFrame(page).getByRole('button', { name: 'Complete authentication' }).click();
    await expect(page).toHaveURL(/\/billing\?checkout=return/);
    expect((await expectPageMatchesStripe(page, account)).status).toBe('active');
    await expect(page.getByTestId('invoice-row')).toContainText('$290.00', SETTLE);
  });

  test('change plan: Starter yearly → Pro yearly, charged what the preview said', async ({ page }) => {
    const account = await subscribedAs(page, 'Starter', 'Yearly');
    await page.getByRole('button', { name: 'Change plan' }).click();
    await page.getByRole('radio', { name: /^Pro \(yearly\)/ }).check();
    await page.getByRole('button', { name: 'Preview change' }).click();
    const preview = page.getByTestId('plan-change-preview');
    await expect(preview).toContainText('You will be charged');
    const amount = (await page.getByTestId('preview-amount').textContent())!;
    await page.getByRole('button', { name: 'Confirm change to Pro' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'You are now on Pro.' })).toBeVisible(SETTLE);
    const sub = await expectPageMatchesStripe(page, account);
    const invoice = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice).toMatchObject({ billing_reason: 'subscription_update', status: 'paid' });
    expect(amount).toBe(`$${(invoice.amount_paid / 100).toFixed(2)}`);
    await expect(page.getByTestId('invoice-row').filter({ hasText: amount })).toContainText('Paid', SETTLE);
  });

  test('cancel at period end, then resume', async ({ page }) => {
    const account = await subscribedAs(page, 'Pro');
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    await page.getByRole('button', { name: 'Yes, cancel at period end' }).click();
    await expect(page.getByTestId('ends-on')).toBeVisible(SETTLE);
    expect(await expectPageMatchesStripe(page, account)).toMatchObject({ status: 'active', cancel_at_period_end: true });

    await page.getByRole('button', { name: 'Resume subscription' }).click();
    await page.getByRole('button', { name: 'Yes, resume' }).click();
    await expect(page.getByTestId('renews-on')).toBeVisible(SETTLE);
    expect(await expectPageMatchesStripe(page, account)).toMatchObject({ status: 'active', cancel_at_period_end: false });
  });

  test('replace the card', async ({ page }) => {
    const account = await subscribedAs(page, 'Pro');
    await expect(page.getByTestId('card-on-file')).toContainText('visa •••• 4242', SETTLE);
    await page.getByRole('button', { name: 'Replace card' }).click();
    await expect(cardFrame(page).locator('input[name="number"]')).toBeVisible();
    await fillCard(page, '5555 5555 5555 4444');
    await page.getByRole('button', { name: 'Save card' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your new card is saved.' })).toBeVisible(SETTLE);
    await expect(page.getByTestId('card-on-file')).toContainText('mastercard •••• 4444', SETTLE);
    const sub = await expectPageMatchesStripe(page, account);
    expect((sub.default_payment_method as Stripe.PaymentMethod).card?.last4).toBe('4444');
  });

  test('past due: the banner, "Fix payment" with a new card, the invoice paid and the subscription active again', async ({ page }) => {
    const account = await subscribedAs(page, 'Pro');
    // The card on file starts failing and the subscription bills now: the payment fails.
    const sub = await stripeSubscriptionOf(account);
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: sub.customer as string });
    await stripe.subscriptions.update(sub.id, {
      default_payment_method: failing.id,
      billing_cycle_anchor: { type: 'now' },
      proration_behavior: 'none',
    });
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
    // The user comes back once the webhooks have told the app (while no one was looking).
    await expect
      .poll(async () => (await e2eSql()`select status from subscriptions where id = ${sub.id}`)[0]?.status, SETTLE)
      .toBe('past_due');

    await page.goto('/billing');
    const banner = page.getByTestId('dunning-banner');
    await expect(banner).toContainText('Your last payment failed', SETTLE);
    await expect(banner).toContainText('$29.00');
    await expectPageMatchesStripe(page, account);
    await banner.getByRole('button', { name: 'Fix payment' }).click();
    await expect(cardFrame(page).locator('input[name="number"]')).toBeVisible();
    await fillCard(page, '4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Save card and pay $29.00' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'the payment went through' })).toBeVisible(SETTLE);
    await expect(banner).toHaveCount(0, SETTLE);
    expect((await expectPageMatchesStripe(page, account)).status).toBe('active');
    const open = await stripe.invoices.list({ subscription: sub.id, status: 'open' });
    expect(open.data).toEqual([]);
  });
});
