// Shared Playwright fixtures: every page a test visits is checked with axe (no serious or
// critical violations), and helpers for the demo accounts.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

export const DEMO = {
  admin: { email: 'admin@paydeck.test', password: 'paydeck-admin-demo' },
  user: { email: 'user@paydeck.test', password: 'paydeck-user-demo' },
} as const;

type Finding = { url: string; id: string; impact: string; help: string; targets: string[] };

async function audit(page: Page, findings: Finding[], checked: Set<string>) {
  const url = page.url();
  if (checked.has(url) || !url.startsWith('http')) return;
  try {
    await page.waitForLoadState('domcontentloaded');
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    checked.add(url);
    for (const v of result.violations) {
      if (v.impact === 'serious' || v.impact === 'critical')
        findings.push({ url, id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) });
    }
  } catch (error) {
    // The test navigated on while axe ran; the next load of that URL is checked instead.
    if (!/context was destroyed|navigat|Target page|closed/i.test(String(error))) throw error;
  }
}

export const test = base.extend<{ page: Page }>({
  page: async ({ page }, use) => {
    const findings: Finding[] = [];
    const checked = new Set<string>();
    let chain = Promise.resolve();
    page.on('load', () => {
      chain = chain.then(() => audit(page, findings, checked));
    });
    await use(page);
    await chain;
    if (!page.isClosed()) await audit(page, findings, checked);
    expect(findings, `accessibility violations:\n${JSON.stringify(findings, null, 2)}`).toEqual([]);
  },
});

export { expect };

export async function signIn(page: Page, account: { email: string; password: string }) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
}

export function uniqueEmail(prefix = 'e2e') {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}
