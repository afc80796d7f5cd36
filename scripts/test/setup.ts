// Runs before every test file: its own database cloned from the migrated template, a fixed
// test environment, and console.error failing the test unless the test expects it.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeEach, inject, vi } from 'vitest';
import { dropDatabase, ensureDatabase, withDatabase } from '../lib/databases';
import { consoleErrorState } from './console';

const name = `paydeck_t_${randomBytes(5).toString('hex')}`;
const serverUrl = inject('dbServerUrl');
await ensureDatabase(serverUrl, name, { template: inject('dbTemplate') });
process.env.DATABASE_URL = withDatabase(serverUrl, name);
process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdef0123456789';
process.env.APP_ENCRYPTION_KEYS ??= `test1:${Buffer.alloc(32, 7).toString('base64')}`;

afterAll(async () => {
  const { closeDb } = await import('@/db');
  await closeDb();
  await dropDatabase(serverUrl, name);
});

beforeEach(() => {
  consoleErrorState.calls = [];
  consoleErrorState.expected = false;
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    consoleErrorState.calls.push(args);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  const { calls, expected } = consoleErrorState;
  if (calls.length > 0 && !expected) {
    throw new Error(
      `console.error was called (call expectConsoleError() if intended):\n${calls.map((c) => c.map(String).join(' ')).join('\n')}`,
    );
  }
});
