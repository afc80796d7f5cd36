// Runs after every browser test (a dependent Playwright project): the audit log the whole e2e run
// wrote must still verify with `npm run audit:verify`.
import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { e2eDatabaseUrl } from '../scripts/lib/e2e-config';

test('the audit chain written by the e2e run verifies', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/audit-verify.ts'], {
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl(), NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/audit chain OK: [1-9]\d* rows verified/);
});
