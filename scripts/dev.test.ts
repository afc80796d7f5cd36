import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { signIn } from './lib/app-session';
import { dropDatabase, withDatabase } from './lib/databases';

// `npm run dev` as a newcomer runs it: up within 60 s with a healthy database, the demo accounts
// sign in, and Ctrl-C (SIGINT to the whole process group) leaves no PostgreSQL behind. Uses the
// embedded PostgreSQL unless DATABASE_URL is set (CI runs it against the PostgreSQL service).
const PORT = 3950;
const dataDir = resolve(`.data/dev-smoke-${process.pid}`);
const postgresLeft = () => spawnSync('pgrep', ['-f', dataDir], { encoding: 'utf8' }).stdout.trim();
const embedded = inject('dbEmbedded');
const smokeDatabase = `paydeck_dev_smoke_${process.pid}`;
// `next dev` adds its dist dir's types to tsconfig.json; the checkout must stay as committed.
const tsconfig = readFileSync('tsconfig.json', 'utf8');

describe(`npm run dev (${embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'})`, () => {
  it('starts within 60 s, serves /api/health with db ok, signs in the demo accounts, and stops cleanly', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(PORT),
      APP_URL: `http://localhost:${PORT}`,
      STRIPE_EMULATOR_URL: 'http://127.0.0.1:12950',
      DEV_PG_DIR: `${dataDir}/postgres`,
      DEV_PG_PORT: '54950',
      STRIPE_EMULATOR_DATA: `${dataDir}/emulator.json`,
      NEXT_DIST_DIR: `.next-dev-smoke-${process.pid}`,
    };
    delete env.AUTH_SECRET;
    delete env.APP_ENCRYPTION_KEYS;
    if (embedded) delete env.DATABASE_URL;
    else env.DATABASE_URL = withDatabase(inject('dbServerUrl'), smokeDatabase);
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/dev.ts'], {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const started = Date.now();
      let health: { db?: string } = {};
      while (Date.now() - started < 60_000 && health.db !== 'ok') {
        health = await fetch(`http://localhost:${PORT}/api/health`).then(
          (r) => r.json() as Promise<{ db?: string }>,
          () => ({}),
        );
        if (health.db !== 'ok') await new Promise((r) => setTimeout(r, 500));
      }
      const seconds = (Date.now() - started) / 1000;
      expect(health.db, `no healthy database after ${seconds} s:\n${output.slice(-2_000)}`).toBe('ok');
      expect(output).toContain('admin@paydeck.test  /  paydeck-admin-demo');

      for (const account of [
        { email: 'admin@paydeck.test', password: 'paydeck-admin-demo' },
        { email: 'user@paydeck.test', password: 'paydeck-user-demo' },
      ]) {
        const session = await signIn(`http://localhost:${PORT}`, account);
        const me = (await (await session.request('/api/auth/session')).json()) as { user?: { email?: string } };
        expect(me.user?.email).toBe(account.email);
      }
    } finally {
      process.kill(-child.pid!, 'SIGINT');
      await exited;
      writeFileSync('tsconfig.json', tsconfig);
    }
    expect(postgresLeft()).toBe('');
    expect(
      await fetch('http://127.0.0.1:12950/_emulator/health').then(
        () => 'answering',
        () => 'stopped',
      ),
    ).toBe('stopped');
    if (!embedded) await dropDatabase(inject('dbServerUrl'), smokeDatabase);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(env.NEXT_DIST_DIR!, { recursive: true, force: true });
  }, 150_000);
});
