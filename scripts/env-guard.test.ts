import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The real entry point refuses to start: exit code non-zero, exactly one line on stderr.
function startDev(extra: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', ...extra };
  delete env.DATABASE_URL;
  return spawnSync('node_modules/.bin/tsx', ['--conditions=react-server', 'scripts/dev.ts'], { env, encoding: 'utf8', timeout: 30_000 });
}

describe('npm run dev start-up guards', () => {
  it.each([
    [{ STRIPE_SECRET_KEY: 'sk_live_x' }, /^Invalid environment: STRIPE_SECRET_KEY is a live key/],
    [
      { STRIPE_SECRET_KEY: 'sk_test_x', NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_live_x' },
      /^Invalid environment: NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY is a live key but STRIPE_SECRET_KEY is a test key/,
    ],
    [
      { STRIPE_MODE: 'emulator', NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_live_x' },
      /^Invalid environment: STRIPE_MODE is emulator but a live Stripe key is set/,
    ],
  ])('refuses %o with a one-line reason', (extra, expected) => {
    const result = startDev(extra);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(expected);
  });
});
