// Payment pages run only the scripts and frames listed in docs/SECURITY.md (PCI DSS 4.0 6.4.3 and
// 11.6.1), and the CSP stops a script injected into them: it does not run, and the browser reports
// the violation to /api/csp-report.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { allowedBy, parseInventory } from '../lib/security/script-inventory';
import { E2E_EMULATOR_URL } from '../scripts/lib/e2e-config';
import { expect, signIn, test } from './fixtures';
import { cardFrame } from './support/checkout';
import { createAccount } from './support/users';

const inventory = parseInventory(readFileSync('docs/SECURITY.md', 'utf8'));
const emulator = new URL(E2E_EMULATOR_URL).origin;

type Loaded = { scripts: string[]; inline: { count: number; withoutNonce: number }; frames: string[] };

/** Opens `path` and records the scripts its document loaded (network and DOM) and the frames it holds. */
async function visit(page: Page, path: string, ready: (page: Page) => Promise<void>): Promise<Loaded> {
  const scripts = new Set<string>();
  const onRequest = (request: import('@playwright/test').Request) => {
    if (request.resourceType() === 'script' && request.frame() === page.mainFrame()) scripts.add(request.url());
  };
  page.on('request', onRequest);
  await page.goto(path);
  await ready(page);
  page.off('request', onRequest);
  const dom = await page.evaluate(() => {
    const all = [...document.scripts];
    // The nonce attribute is hidden from the DOM once parsed; the nonce property keeps it.
    return {
      srcs: all.filter((s) => s.src).map((s) => s.src),
      inline: all.filter((s) => !s.src).length,
      withoutNonce: all.filter((s) => !s.src && !s.nonce).length,
    };
  });
  for (const src of dom.srcs) scripts.add(src);
  const frames = page
    .frames()
    .filter((f) => f !== page.mainFrame())
    .map((f) => f.url())
    .filter((u) => u !== 'about:blank');
  return { scripts: [...scripts], inline: { count: dom.inline, withoutNonce: dom.withoutNonce }, frames };
}

function expectInventoried(loaded: Loaded, appOrigin: string) {
  const context = { mode: 'emulator' as const, app: appOrigin, emulator };
  const unlisted = [
    ...loaded.scripts.filter((u) => !allowedBy(inventory, 'script', u, context)).map((u) => `script ${u}`),
    ...loaded.frames.filter((u) => !allowedBy(inventory, 'frame', u, context)).map((u) => `frame ${u}`),
  ];
  expect(unlisted, 'loaded but not in the payment-page inventory of docs/SECURITY.md').toEqual([]);
  expect(loaded.inline.withoutNonce, 'inline scripts without this response’s nonce').toBe(0);
  if (loaded.inline.count > 0)
    expect(allowedBy(inventory, 'inline', 'nonce', context), 'nonced inline scripts are in the inventory').toBeDefined();
}

const cardFieldsReady = async (page: Page) => {
  await expect(cardFrame(page).locator('input[name="number"]')).toBeVisible();
};

test.describe('payment-page script inventory', () => {
  test('/pay, /billing/subscribe and /billing load only inventoried scripts and frames', async ({ page, baseURL }) => {
    const appOrigin = new URL(baseURL!).origin;
    await signIn(page, await createAccount());
    const pay = await visit(page, '/pay', cardFieldsReady);
    expect(
      pay.scripts.some((u) => u.startsWith(emulator)),
      'Stripe.js (the emulator stand-in) was loaded on /pay',
    ).toBe(true);
    expect(
      pay.frames.some((u) => u.startsWith(`${emulator}/elements/card-frame.html`)),
      'the card fields are Stripe’s iframe',
    ).toBe(true);
    expectInventoried(pay, appOrigin);

    await page.goto('/pricing');
    await page.getByText('Monthly', { exact: true }).click();
    const href = await page.getByRole('link', { name: 'Choose Pro' }).getAttribute('href');
    const checkout = await visit(page, href!, cardFieldsReady);
    expectInventoried(checkout, appOrigin);

    const billing = await visit(page, '/billing', async (p) => {
      await expect(p.getByRole('heading', { name: 'Billing' })).toBeVisible();
    });
    expectInventoried(billing, appOrigin);
  });
});

/** What the browser reported to the page about a refused script (the `securitypolicyviolation` event). */
type Violation = {
  blockedURI: string;
  effectiveDirective: string;
  disposition: string;
  documentURI: string;
  violatedDirective: string;
  originalPolicy: string;
};

const appLog = () => readFileSync(`.data/e2e-logs/app-${process.env.E2E_PORT ?? 3100}.log`, 'utf8');

test.describe('the CSP on payment pages', () => {
  for (const path of ['/pay', '/billing/subscribe']) {
    test(`${path}: an injected inline script does not run, the browser reports the violation and our report endpoint logs it`, async ({
      page,
    }) => {
      await signIn(page, await createAccount());
      let target = path;
      if (path === '/billing/subscribe') {
        await page.goto('/pricing');
        await page.getByText('Monthly', { exact: true }).click();
        target = (await page.getByRole('link', { name: 'Choose Pro' }).getAttribute('href'))!;
      }
      await page.goto(target);
      await cardFieldsReady(page);
      const violation = page.evaluate(
        () =>
          new Promise<Violation>((resolve) =>
            document.addEventListener(
              'securitypolicyviolation',
              (e) =>
                resolve({
                  blockedURI: e.blockedURI,
                  effectiveDirective: e.effectiveDirective,
                  disposition: e.disposition,
                  documentURI: e.documentURI,
                  violatedDirective: e.violatedDirective,
                  originalPolicy: e.originalPolicy,
                }),
              { once: true },
            ),
          ),
      );
      // Playwright's own injection, then a DOM-inserted script as an XSS payload would do it.
      await page.addScriptTag({ content: 'window.__skimmed = document.cookie;' }).catch(() => undefined);
      await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true;';
        document.body.append(script);
      });
      const seen = await violation;
      expect(await page.evaluate(() => '__skimmed' in window || '__injected' in window), 'an injected inline script ran').toBe(false);
      expect(seen).toMatchObject({ blockedURI: 'inline', effectiveDirective: 'script-src-elem', disposition: 'enforce' });

      // Chromium batches Reporting-API deliveries for a minute, past a test's life; the same report
      // is posted the way report-uri delivers it, and must come out of our endpoint into the log.
      const documentUri = new URL(target, seen.documentURI).href;
      const logged = () =>
        appLog()
          .split('\n')
          .filter(
            (line) => line.includes('csp violation') && line.includes(new URL(documentUri).pathname) && line.includes('script-src-elem'),
          ).length;
      const before = logged();
      const report = {
        'csp-report': {
          'document-uri': documentUri,
          'blocked-uri': seen.blockedURI,
          'effective-directive': seen.effectiveDirective,
          'violated-directive': seen.violatedDirective,
          disposition: seen.disposition,
          'original-policy': seen.originalPolicy,
        },
      };
      const answer = await page.request.post('/api/csp-report', {
        headers: { 'content-type': 'application/csp-report' },
        data: JSON.stringify(report),
      });
      expect(answer.status()).toBe(204);
      await expect.poll(logged).toBeGreaterThan(before);
    });
  }
});
