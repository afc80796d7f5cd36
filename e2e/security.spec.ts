// Security controls seen from a real browser: the CSP stops injected script without breaking our
// own pages, the auth forms show rate-limit refusals, and admin authorisation does not depend on
// the proxy (a request carrying x-middleware-subrequest is still refused).
import type { Page } from '@playwright/test';
import { DEMO, expect, signIn, test, uniqueEmail } from './fixtures';

type Injected = { inline: boolean; inlineDirective: string; external: string };

/** Injects an inline script and a foreign script the way an XSS payload would, and reports what the browser did. */
function injectScripts(page: Page): Promise<Injected> {
  return page.evaluate(
    () =>
      new Promise<Injected>((resolve) => {
        const seen: SecurityPolicyViolationEvent[] = [];
        document.addEventListener('securitypolicyviolation', (event) => {
          seen.push(event);
          if (seen.length < 2) return;
          const inline = seen.find((e) => e.blockedURI === 'inline');
          const external = seen.find((e) => e.blockedURI.startsWith('https://evil.example'));
          resolve({
            inline: (window as unknown as { injected?: boolean }).injected === true,
            inlineDirective: inline?.effectiveDirective ?? '',
            external: external?.effectiveDirective ?? '',
          });
        });
        const inline = document.createElement('script');
        inline.textContent = 'window.injected = true;';
        document.body.append(inline);
        const external = document.createElement('script');
        external.src = 'https://evil.example/steal.js';
        document.body.append(external);
      }),
  );
}

test('the CSP blocks injected scripts, while our own pages run without a single violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  await page.goto('/');
  await page.goto('/sign-up');
  await signIn(page, DEMO.user);
  await page.getByRole('link', { name: 'Account' }).click();
  expect(violations).toEqual([]);

  expect(await injectScripts(page)).toEqual({ inline: false, inlineDirective: 'script-src-elem', external: 'script-src-elem' });
});

test('admin authorisation holds when a request carries x-middleware-subrequest', async ({ page, request }) => {
  const headers = { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' };
  const anonymousPage = await request.get('/admin', { headers, maxRedirects: 0 });
  expect([303, 307]).toContain(anonymousPage.status());
  expect(anonymousPage.headers()['location']).toContain('/sign-in');
  expect((await request.get('/api/admin/users', { headers })).status()).toBe(401);

  await signIn(page, DEMO.user);
  await page.setExtraHTTPHeaders(headers);
  expect((await page.goto('/admin'))?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  expect((await page.request.get('/api/admin/users', { headers })).status()).toBe(403);
});

/** Submits the form on the page and waits for the server action to answer. */
async function submit(page: Page, button: string) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().headers()['next-action'] !== undefined),
    page.getByRole('button', { name: button }).click(),
  ]);
}

test('the sign-in form refuses an email after ten failed attempts, with the wait in the message', async ({ page }) => {
  const email = uniqueEmail('brute');
  await page.goto('/sign-in');
  for (let attempt = 1; attempt <= 11; attempt++) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(`guess number ${attempt}`);
    await submit(page, 'Sign in');
    if (attempt <= 10) await expect(page.locator('form').getByRole('alert')).toHaveText('Invalid email or password.');
  }
  await expect(page.locator('form').getByRole('alert')).toHaveText(/^Too many attempts\. Please wait \d+ minutes and try again\.$/);
});

test('the sign-up form refuses an email tried too often', async ({ page }) => {
  const email = uniqueEmail('signup-limit');
  await page.goto('/sign-up');
  for (let attempt = 1; attempt <= 6; attempt++) {
    await page.getByLabel('Name').fill('Rate Limited');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await submit(page, 'Create account');
    if (attempt <= 5) await expect(page.getByText('Use at least 10 characters.')).toBeVisible();
  }
  await expect(page.locator('form').getByRole('alert')).toHaveText(/^Too many attempts\. Please wait \d+ minutes and try again\.$/);
});
