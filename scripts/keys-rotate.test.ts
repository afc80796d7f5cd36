import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The real entry point, against this test file's database (the registry itself is exercised in lib/security/key-rotation.test.ts).
function keysRotate(...args: string[]) {
  return spawnSync('node_modules/.bin/tsx', ['--conditions=react-server', 'scripts/keys-rotate.ts', ...args], {
    env: process.env,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('npm run keys:rotate', () => {
  it('walks the registry and exits 0', () => {
    const result = keysRotate('--batch-size=100');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/nothing to rotate|✓/);
  });

  it('refuses a bad batch size with a non-zero exit', () => {
    const result = keysRotate('--batch-size=0');
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('--batch-size must be an integer from 1 to 10000.');
  });
});
