// Drives Stripe's card fields and 3-D Secure the way a customer does; the same frame titles and
// field names work against the emulator's stand-in and against real Stripe test mode.
import { expect, type FrameLocator, type Page } from '@playwright/test';
import { E2E_EMULATOR_URL } from '../../scripts/lib/e2e-config';

export const cardFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Secure payment input frame"]');
export const challengeFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title="3D Secure authentication"]');

export async function fillCard(page: Page, number: string, { expiry = '12 / 34', cvc = '123' } = {}): Promise<void> {
  const frame = cardFrame(page);
  await frame.locator('input[name="number"]').fill(number);
  await frame.locator('input[name="expiry"]').fill(expiry);
  await frame.locator('input[name="cvc"]').fill(cvc);
  await frame.locator('input[name="postalCode"]').fill('42424');
}

/** Opens /pay with the card form ready; `pack` is the product's name. */
export async function openCheckout(page: Page, pack = '100 credits'): Promise<void> {
  await page.goto('/pay');
  await page.getByRole('radio', { name: new RegExp(`^${pack.replace(/[()]/g, '\\$&')},`) }).check();
  await expect(cardFrame(page).locator('input[name="number"]')).toBeVisible();
}

export const payButton = (page: Page) => page.getByRole('button', { name: /^Pay \$/ });

/** The emulator's control plane (the e2e stack's own emulator). */
export async function emulatorControl(path: string, body: unknown, method = 'POST'): Promise<unknown> {
  const res = await fetch(`${E2E_EMULATOR_URL}/_emulator/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });
  if (!res.ok) throw new Error(`emulator control ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}
