// The emulator's Stripe.js stand-in on a bare merchant page, driven through @stripe/react-stripe-js
// with the same frame locators and field names that work against real Stripe test mode.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type FrameLocator, type Page } from '@playwright/test';
import Stripe from 'stripe';
import { startEmulator, type EmulatorHandle } from '../emulator/server';
import { startMerchantServer, type MerchantServer } from './fixtures/standin/merchant-server';

const PUBLISHABLE_KEY = 'pk_test_standin';
const SECRET_KEY = 'sk_test_standin';
const AMOUNT = 2000;
const AUTHENTICATION_FAILED = 'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

// A console error on the merchant page or in a Stripe frame fails the test unless the test expects it.
const test = base.extend<{ consoleErrors: { allow(pattern: RegExp): void } }>({
  consoleErrors: [
    async ({ page }, use) => {
      const problems: string[] = [];
      const allowed: RegExp[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await use({ allow: (pattern) => allowed.push(pattern) });
      expect(problems.filter((problem) => !allowed.some((pattern) => pattern.test(problem)))).toEqual([]);
    },
    { auto: true },
  ],
});

let emulator: EmulatorHandle;
let merchant: MerchantServer;
let stripe: Stripe;

test.beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  const { hostname, port } = new URL(emulator.url);
  stripe = new Stripe(SECRET_KEY, { host: hostname, port: Number(port), protocol: 'http' });
  merchant = await startMerchantServer({ emulatorUrl: emulator.url, publishableKey: PUBLISHABLE_KEY, stripe, amount: AMOUNT });
});

test.afterAll(async () => {
  await merchant?.close();
  await emulator?.stop();
});

function cardFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="Secure payment input frame"]');
}

async function openCheckout(page: Page, query = '', button = 'Pay $20.00'): Promise<FrameLocator> {
  await page.goto(`${merchant.url}/${query}`);
  const frame = cardFrame(page);
  await expect(frame.locator('input[name="number"]')).toBeVisible();
  await expect(page.getByRole('button', { name: button })).toBeEnabled();
  return frame;
}

async function fillCard(frame: FrameLocator, number: string): Promise<void> {
  await frame.locator('input[name="number"]').fill(number);
  await frame.locator('input[name="expiry"]').fill('12 / 34');
  await frame.locator('input[name="cvc"]').fill('123');
  await frame.locator('input[name="postalCode"]').fill('42424');
}

function challenge(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="3D Secure authentication"]');
}

async function succeededIntentId(page: Page, text = 'Payment succeeded'): Promise<string> {
  const status = page.getByRole('status');
  await expect(status).toHaveText(text);
  return (await status.getAttribute('data-intent')) ?? '';
}

test('mounts accessible card fields in a frame on the emulator origin and validates inline', async ({ page }) => {
  const frame = await openCheckout(page);
  const iframe = page.locator('iframe[title="Secure payment input frame"]');
  expect(new URL((await iframe.getAttribute('src')) ?? '').origin).toBe(emulator.url);
  await expect(frame.getByLabel('Card number')).toBeVisible();
  await expect(frame.getByLabel('Expiration date')).toBeVisible();
  await expect(frame.getByLabel('Security code')).toBeVisible();
  await expect(frame.getByLabel('ZIP code')).toBeVisible();

  await frame.locator('input[name="number"]').fill('4242 4242 4242 4241');
  await expect(frame.getByText('Your card number is invalid.')).toBeVisible();
  await frame.locator('input[name="number"]').fill('4242 4242');
  await frame.locator('input[name="expiry"]').fill('01 / 20');
  await expect(frame.getByText("Your card's expiration year is in the past.")).toBeVisible();
  await expect(frame.getByText('Your card number is incomplete.')).toBeVisible();
  await frame.locator('input[name="cvc"]').fill('1');
  await frame.locator('input[name="postalCode"]').focus();
  await expect(frame.getByText("Your card's security code is incomplete.")).toBeVisible();

  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});

test('4242 4242 4242 4242 confirms to succeeded and the merchant page never sees the number', async ({ page }) => {
  const frame = await openCheckout(page);
  await fillCard(frame, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay $20.00' }).click();
  const id = await succeededIntentId(page);

  const intent = await stripe.paymentIntents.retrieve(id);
  expect(intent.status).toBe('succeeded');
  expect(intent.amount_received).toBe(AMOUNT);
  expect(await page.content()).not.toContain('4242 4242 4242 4242');
  expect(await page.evaluate(() => document.querySelectorAll('input[name="number"]').length)).toBe(0);
});

test('3-D Secure card 3155 succeeds after "Complete authentication"', async ({ page }) => {
  const frame = await openCheckout(page);
  await fillCard(frame, '4000 0025 0000 3155');
  await page.getByRole('button', { name: 'Pay $20.00' }).click();
  await expect(page.getByRole('dialog', { name: '3D Secure authentication' })).toBeVisible();
  await challenge(page).getByRole('button', { name: 'Complete authentication' }).click();
  const id = await succeededIntentId(page);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect((await stripe.paymentIntents.retrieve(id)).status).toBe('succeeded');
});

test('3-D Secure card 3155 reports Stripe\'s authentication error after "Fail authentication"', async ({ page }) => {
  const frame = await openCheckout(page);
  await fillCard(frame, '4000 0025 0000 3155');
  await page.getByRole('button', { name: 'Pay $20.00' }).click();
  await challenge(page).getByRole('button', { name: 'Fail authentication' }).click();
  await expect(page.getByRole('alert')).toHaveText(AUTHENTICATION_FAILED);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('generic decline 0002 shows "Your card was declined."', async ({ page, consoleErrors }) => {
  // Chromium logs the API's 402 answer, as it does for real Stripe.js.
  consoleErrors.allow(/status of 402/);
  const frame = await openCheckout(page);
  await fillCard(frame, '4000 0000 0000 0002');
  await page.getByRole('button', { name: 'Pay $20.00' }).click();
  await expect(page.getByRole('alert')).toHaveText('Your card was declined.');
});

test("redirect: 'always' lands on return_url with Stripe's query parameters", async ({ page }) => {
  const frame = await openCheckout(page, '?redirect=always');
  await fillCard(frame, '4000 0025 0000 3155');
  await page.getByRole('button', { name: 'Pay $20.00' }).click();
  await challenge(page).getByRole('button', { name: 'Complete authentication' }).click();
  await page.waitForURL(/\/complete\?/);

  const url = new URL(page.url());
  const id = url.searchParams.get('payment_intent') ?? '';
  expect(id).toMatch(/^pi_/);
  expect(url.searchParams.get('payment_intent_client_secret')?.startsWith(`${id}_secret_`)).toBe(true);
  expect(url.searchParams.get('redirect_status')).toBe('succeeded');
  await expect(page.getByRole('status')).toHaveText('Payment succeeded');
});

test('deferred intent: elements.submit() shows inline errors, then the payment succeeds', async ({ page }) => {
  const frame = await openCheckout(page, '?flow=deferred');
  await page.getByRole('button', { name: 'Pay $20.00' }).click();
  await expect(page.getByRole('alert')).toHaveText('Your card number is incomplete.');
  await expect(frame.getByText('Your card number is incomplete.')).toBeVisible();
  await expect(frame.getByText("Your card's expiration date is incomplete.")).toBeVisible();

  await fillCard(frame, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay $20.00' }).click();
  const id = await succeededIntentId(page);
  expect((await stripe.paymentIntents.retrieve(id)).status).toBe('succeeded');
});

test('Card Element with confirmCardPayment: real field names, 3-D Secure complete, succeeded', async ({ page }) => {
  await page.goto(`${merchant.url}/?ui=card`);
  const frame = page.frameLocator('iframe[title="Secure card payment input frame"]');
  await frame.locator('input[name="cardnumber"]').fill('4242 4242 4242 4241');
  await expect(page.locator('#card-error')).toHaveText('Your card number is invalid.');
  await frame.locator('input[name="cardnumber"]').fill('4000 0025 0000 3155');
  await frame.locator('input[name="exp-date"]').fill('12 / 34');
  await frame.locator('input[name="cvc"]').fill('123');
  await frame.locator('input[name="postal"]').fill('42424');
  await expect(page.locator('#card-error')).toHaveCount(0);
  await page.getByRole('button', { name: 'Pay $20.00' }).click();
  await challenge(page).getByRole('button', { name: 'Complete authentication' }).click();
  const id = await succeededIntentId(page);
  expect((await stripe.paymentIntents.retrieve(id)).status).toBe('succeeded');
});

test('SetupIntent with confirmSetup saves the card', async ({ page }) => {
  const frame = await openCheckout(page, '?flow=setup', 'Save card');
  await fillCard(frame, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Save card' }).click();
  const id = await succeededIntentId(page, 'Setup succeeded');
  const intent = await stripe.setupIntents.retrieve(id);
  expect(intent.status).toBe('succeeded');
  expect(intent.payment_method).toMatch(/^pm_/);
});
