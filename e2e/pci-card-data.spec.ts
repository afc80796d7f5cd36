// Card data never reaches our server (SAQ A): while a customer pays — 4242 and 3-D Secure 3155 on
// /pay, and a subscription checkout — every request the browser sends to our own origin is
// recorded and must carry no card number, no expiry-with-CVC and no raw card field. The same card
// data must be seen going to the Stripe (emulator) origin, so the recorder provably sees it. Every
// script and frame loaded meanwhile must be in the payment-page inventory of docs/SECURITY.md.
import { readFileSync } from 'node:fs';
import type { Page, Request } from '@playwright/test';
import { allowedBy, parseInventory } from '../lib/security/script-inventory';
import { E2E_EMULATOR_URL } from '../scripts/lib/e2e-config';
import { expect, signIn, test } from './fixtures';
import { challengeFrame, fillCard, openCheckout, payButton } from './support/checkout';
import { createAccount } from './support/users';

// Distinctive expiry and CVC, so finding them in a request is never a coincidence.
const EXPIRY = { typed: '08 / 37', forms: ['08 / 37', '08/37', '0837', '08%2F37', 'exp_year=2037', '"exp_year":2037'] };
const CVC = '739';
const CVC_WORD = /\b739\b/;
const DISTINCTIVE = { expiry: EXPIRY.typed, cvc: CVC };
const RAW_FIELDS =
  /card\[(number|cvc|exp_month|exp_year)\]|"(cvc|cvv|card_?number|cardNumber|exp_month|exp_year)"\s*:|\b(cvc|cvv|cardnumber|card_number|exp_month|exp_year)=/i;
const emulatorOrigin = new URL(E2E_EMULATOR_URL).origin;
const inventory = parseInventory(readFileSync('docs/SECURITY.md', 'utf8'));

type Seen = { url: string; method: string; text: string; resourceType: string; mainFrame: boolean };

function describeRequest(request: Request, page: Page): Seen {
  const body = request.postDataBuffer()?.toString('utf8') ?? '';
  let decoded = body;
  try {
    decoded = decodeURIComponent(body.replace(/\+/g, ' '));
  } catch {
    // Not URL-encoded.
  }
  const headers = Object.entries(request.headers())
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return {
    url: request.url(),
    method: request.method(),
    text: `${request.url()}\n${headers}\n${body}\n${decoded}`,
    resourceType: request.resourceType(),
    mainFrame: request.frame() === page.mainFrame(),
  };
}

/** Records every request of the page and its frames, split by destination. */
function record(page: Page, appOrigin: string) {
  const ours: Seen[] = [];
  const stripe: Seen[] = [];
  const all: Seen[] = [];
  page.on('request', (request) => {
    const seen = describeRequest(request, page);
    all.push(seen);
    const origin = new URL(request.url()).origin;
    if (origin === appOrigin) ours.push(seen);
    else if (origin === emulatorOrigin) stripe.push(seen);
  });
  return { ours, stripe, all };
}

function cardDataIn(seen: Seen, pan: string): string | null {
  if (seen.text.replace(/\D/g, '').includes(pan)) return 'card number';
  if (EXPIRY.forms.some((f) => seen.text.includes(f)) && CVC_WORD.test(seen.text)) return 'expiry with CVC';
  if (RAW_FIELDS.test(seen.text)) return 'raw card field';
  return null;
}

/** Our requests carry no card data; Stripe's do (the recorder works); scripts and frames are all inventoried. */
async function expectCardDataOnlyAtStripe(page: Page, recorded: ReturnType<typeof record>, pan: string, appOrigin: string): Promise<void> {
  const leaks = recorded.ours.map((s) => ({ url: `${s.method} ${s.url}`, what: cardDataIn(s, pan) })).filter((l) => l.what);
  expect(leaks, 'requests to our own origin carrying card data').toEqual([]);
  expect(recorded.ours.length).toBeGreaterThan(5);
  expect(
    recorded.stripe.some((s) => s.text.replace(/\D/g, '').includes(pan)),
    'the card number was seen going to the Stripe (emulator) origin',
  ).toBe(true);
  const context = { mode: 'emulator' as const, app: appOrigin, emulator: emulatorOrigin };
  const scripts = recorded.all.filter((s) => s.resourceType === 'script' && s.mainFrame).map((s) => s.url);
  const frames = page
    .frames()
    .filter((f) => f !== page.mainFrame())
    .map((f) => f.url());
  const unlisted = [
    ...scripts.filter((u) => !allowedBy(inventory, 'script', u, context)),
    ...frames.filter((u) => u !== 'about:blank' && !allowedBy(inventory, 'frame', u, context)),
  ];
  expect(unlisted, 'scripts or frames not in the payment-page inventory (docs/SECURITY.md)').toEqual([]);
}

test.describe('card data goes only to Stripe', () => {
  for (const [card, pan, challenge] of [
    ['4242', '4242424242424242', false],
    ['3155 (3-D Secure)', '4000002500003155', true],
  ] as const) {
    test(`paying with ${card} on /pay sends no card data to our origin`, async ({ page, baseURL }) => {
      const appOrigin = new URL(baseURL!).origin;
      await signIn(page, await createAccount());
      const recorded = record(page, appOrigin);
      await openCheckout(page);
      await fillCard(page, pan.replace(/(\d{4})(?=\d)/g, '$1 '), DISTINCTIVE);
      await payButton(page).click();
      if (challenge) await challengeFrame(page).getByRole('button', { name: 'Complete authentication' }).click();
      await expect(page.getByRole('heading', { name: 'Payment successful' })).toBeVisible({ timeout: 15_000 });
      await expectCardDataOnlyAtStripe(page, recorded, pan, appOrigin);
    });
  }

  test('a subscription checkout sends no card data to our origin', async ({ page, baseURL }) => {
    const appOrigin = new URL(baseURL!).origin;
    await signIn(page, await createAccount());
    const recorded = record(page, appOrigin);
    await page.goto('/pricing');
    await page.getByText('Monthly', { exact: true }).click();
    await page.getByRole('link', { name: 'Choose Pro' }).click();
    await expect(page).toHaveURL(/\/billing\/subscribe\?price=price_/);
    await fillCard(page, '4242 4242 4242 4242', DISTINCTIVE);
    await page.getByRole('button', { name: /^Subscribe for / }).click();
    await expect(page).toHaveURL(/\/billing\?checkout=return/);
    await expect(page.getByTestId('subscription-status')).toHaveText('Active', { timeout: 20_000 });
    await expectCardDataOnlyAtStripe(page, recorded, '4242424242424242', appOrigin);
  });
});
