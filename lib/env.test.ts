import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

const KEY = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
const PROD = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', AUTH_SECRET: 'x'.repeat(32), APP_ENCRYPTION_KEYS: KEY } as const;
const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'paydeck-env-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function reason(raw: Record<string, string>): string {
  try {
    parseEnv(raw, dataDir());
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).message;
  }
  throw new Error('expected parseEnv to refuse');
}

describe('key-mode guards', () => {
  it('refuses a live secret key outside production', () => {
    expect(reason({ NODE_ENV: 'development', STRIPE_SECRET_KEY: 'sk_live_x', NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_live_x' })).toMatch(
      /^Invalid environment: STRIPE_SECRET_KEY is a live key \(sk_live_\) outside production/,
    );
  });

  it('refuses publishable and secret keys of different modes', () => {
    expect(
      reason({
        ...PROD,
        STRIPE_SECRET_KEY: 'sk_live_x',
        NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_x',
        STRIPE_WEBHOOK_SECRET: 'whsec_a',
      }),
    ).toMatch(/NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY is a test key but STRIPE_SECRET_KEY is a live key/);
    expect(reason({ NODE_ENV: 'development', STRIPE_SECRET_KEY: 'sk_test_x', NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_live_x' })).toMatch(
      /same mode/,
    );
  });

  it('refuses live keys together with the emulator', () => {
    expect(
      reason({ ...PROD, STRIPE_MODE: 'emulator', STRIPE_SECRET_KEY: 'sk_live_x', NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_live_x' }),
    ).toMatch(/^Invalid environment: STRIPE_MODE is emulator but a live Stripe key is set/);
  });

  it('accepts live keys in production with real Stripe', () => {
    const env = parseEnv(
      { ...PROD, STRIPE_SECRET_KEY: 'sk_live_x', NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_a' },
      dataDir(),
    );
    expect(env.stripe).toMatchObject({ mode: 'stripe', live: true, webhookSecrets: ['whsec_a'] });
  });
});

describe('defaults and requirements', () => {
  it('defaults to the emulator in development with no keys', () => {
    const env = parseEnv({ NODE_ENV: 'development' }, dataDir());
    expect(env.stripe).toMatchObject({ mode: 'emulator', secretKey: 'sk_test_emulator', emulatorUrl: 'http://127.0.0.1:12111' });
    expect(env.worker).toBe('inprocess');
  });

  it('requires DATABASE_URL, secrets and an explicit Stripe mode in production', () => {
    expect(reason({ NODE_ENV: 'production', STRIPE_MODE: 'emulator' })).toMatch(
      /^Invalid environment: DATABASE_URL is required in production/,
    );
    expect(reason({ ...PROD, AUTH_SECRET: '', STRIPE_MODE: 'emulator' })).toMatch(
      /^Invalid environment: AUTH_SECRET is required in production/,
    );
    expect(reason({ ...PROD })).toMatch(/^Invalid environment: STRIPE_MODE is unset/);
    expect(reason({ ...PROD, STRIPE_SECRET_KEY: 'sk_test_x', NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_x' })).toMatch(
      /STRIPE_WEBHOOK_SECRET is required/,
    );
  });

  it('lets `next build` run without runtime secrets', () => {
    const env = parseEnv({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' }, dataDir());
    expect(env.building).toBe(true);
  });

  it('names the variable and the problem for malformed values, in one line', () => {
    for (const [raw, variable] of [
      [{ STRIPE_SECRET_KEY: 'nope' }, 'STRIPE_SECRET_KEY'],
      [{ STRIPE_MODE: 'paypal' }, 'STRIPE_MODE'],
      [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
      [{ STRIPE_WEBHOOK_SECRET: 'whsec_a,oops' }, 'STRIPE_WEBHOOK_SECRET'],
      [{ APP_ENCRYPTION_KEYS: 'k1:short' }, 'APP_ENCRYPTION_KEYS'],
      [{ WORKER: 'sometimes' }, 'WORKER'],
    ] as const) {
      const message = reason({ NODE_ENV: 'development', ...raw });
      expect(message.startsWith(`Invalid environment: ${variable} `)).toBe(true);
      expect(message).not.toContain('\n');
    }
  });

  it('parses several webhook secrets and encryption keys for rotation', () => {
    const second = `k0:${Buffer.alloc(32, 2).toString('base64')}`;
    const env = parseEnv(
      { NODE_ENV: 'development', STRIPE_WEBHOOK_SECRET: 'whsec_new, whsec_old', APP_ENCRYPTION_KEYS: `${KEY},${second}` },
      dataDir(),
    );
    expect(env.stripe.webhookSecrets).toEqual(['whsec_new', 'whsec_old']);
    expect(env.encryptionKeys.map((k) => k.id)).toEqual(['k1', 'k0']);
    expect(env.encryptionKeys[0]?.key).toHaveLength(32);
  });
});

describe('development secrets', () => {
  it('are generated once into .data and reused on restart', () => {
    const dir = dataDir();
    const first = parseEnv({ NODE_ENV: 'development' }, dir);
    expect(existsSync(join(dir, 'dev-secrets.json'))).toBe(true);
    const second = parseEnv({ NODE_ENV: 'development' }, dir);
    expect(second.auth.secret).toBe(first.auth.secret);
    expect(second.encryptionKeys[0]?.key.equals(first.encryptionKeys[0]!.key)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'dev-secrets.json'), 'utf8')).authSecret).toBe(first.auth.secret);
  });
});

describe('TLS in production', () => {
  const STRIPE = { STRIPE_MODE: 'emulator' } as const;

  it('refuses a plain-http APP_URL or AUTH_URL in production', () => {
    expect(reason({ ...PROD, ...STRIPE, APP_URL: 'http://paydeck.example' })).toBe(
      'Invalid environment: APP_URL must be an https:// URL in production (plain http only for localhost).',
    );
    expect(reason({ ...PROD, ...STRIPE, APP_URL: 'https://paydeck.example', AUTH_URL: 'http://paydeck.example' })).toMatch(
      /^Invalid environment: AUTH_URL must be an https:\/\/ URL/,
    );
  });

  it('accepts https, and plain http to localhost (the production build run by tests)', () => {
    expect(
      parseEnv({ ...PROD, ...STRIPE, APP_URL: 'https://paydeck.example', AUTH_URL: 'https://paydeck.example' }, dataDir()).appUrl,
    ).toBe('https://paydeck.example');
    for (const url of ['http://localhost:3100', 'http://127.0.0.1:3100', 'http://[::1]:3100'])
      expect(parseEnv({ ...PROD, ...STRIPE, APP_URL: url, AUTH_URL: url }, dataDir()).appUrl).toBe(url);
  });

  it('does not ask for TLS in development or while building', () => {
    expect(parseEnv({ NODE_ENV: 'development', APP_URL: 'http://paydeck.example' }, dataDir()).appUrl).toBe('http://paydeck.example');
    expect(parseEnv({ ...PROD, APP_URL: 'http://paydeck.example', NEXT_PHASE: 'phase-production-build' }, dataDir()).appUrl).toBe(
      'http://paydeck.example',
    );
  });
});

describe('fallback Stripe account', () => {
  const FALLBACK = {
    STRIPE_FALLBACK_SECRET_KEY: 'sk_test_fb',
    NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY: 'pk_test_fb',
    STRIPE_FALLBACK_WEBHOOK_SECRET: 'whsec_fb',
    STRIPE_FALLBACK_EMULATOR_URL: 'http://127.0.0.1:12199',
  };
  const DEV = { NODE_ENV: 'development', STRIPE_SECRET_KEY: 'sk_test_x', NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_x' };

  it('is off by default, with breaker defaults', () => {
    const env = parseEnv({ NODE_ENV: 'development' }, dataDir());
    expect(env.stripe.fallback).toBeUndefined();
    expect(env.stripe.breaker).toEqual({ threshold: 5, cooldownMs: 30_000 });
  });

  it('accepts a complete fallback of the same mode', () => {
    const env = parseEnv({ ...DEV, ...FALLBACK, STRIPE_BREAKER_THRESHOLD: '3', STRIPE_BREAKER_COOLDOWN_MS: '5000' }, dataDir());
    expect(env.stripe.fallback).toEqual({
      secretKey: 'sk_test_fb',
      publishableKey: 'pk_test_fb',
      webhookSecrets: ['whsec_fb'],
      emulatorUrl: undefined,
    });
    expect(env.stripe.breaker).toEqual({ threshold: 3, cooldownMs: 5_000 });
    expect(parseEnv({ NODE_ENV: 'development', ...FALLBACK }, dataDir()).stripe.fallback?.emulatorUrl).toBe('http://127.0.0.1:12199');
  });

  it('needs both keys and the webhook secret', () => {
    expect(reason({ ...DEV, STRIPE_FALLBACK_SECRET_KEY: 'sk_test_fb' })).toMatch(
      /NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY must be set together/,
    );
    expect(reason({ ...DEV, NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY: 'pk_test_fb' })).toMatch(
      /STRIPE_FALLBACK_SECRET_KEY must be set together/,
    );
    expect(reason({ ...DEV, ...FALLBACK, STRIPE_FALLBACK_WEBHOOK_SECRET: '' })).toMatch(/STRIPE_FALLBACK_WEBHOOK_SECRET is required/);
  });

  it('applies the key-mode guards to the fallback too', () => {
    expect(
      reason({ ...DEV, ...FALLBACK, STRIPE_FALLBACK_SECRET_KEY: 'sk_live_fb', NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY: 'pk_live_fb' }),
    ).toMatch(/STRIPE_FALLBACK_SECRET_KEY is a live key \(sk_live_\) outside production/);
    expect(reason({ ...DEV, ...FALLBACK, NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY: 'pk_live_fb' })).toMatch(
      /NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY is a live key but STRIPE_FALLBACK_SECRET_KEY is a test key/,
    );
    expect(
      reason({
        ...PROD,
        STRIPE_SECRET_KEY: 'sk_live_x',
        NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_live_x',
        STRIPE_WEBHOOK_SECRET: 'whsec_a',
        ...FALLBACK,
      }),
    ).toMatch(/STRIPE_FALLBACK_SECRET_KEY is a test key but STRIPE_SECRET_KEY is a live key/);
    expect(reason({ ...DEV, ...FALLBACK, STRIPE_FALLBACK_SECRET_KEY: 'sk_test_x' })).toMatch(/is the primary account's key/);
  });

  it('needs a second emulator in emulator mode, and never live keys there', () => {
    expect(reason({ NODE_ENV: 'development', ...FALLBACK, STRIPE_FALLBACK_EMULATOR_URL: '' })).toMatch(
      /STRIPE_FALLBACK_EMULATOR_URL is required/,
    );
    expect(
      reason({
        ...PROD,
        STRIPE_MODE: 'emulator',
        ...FALLBACK,
        STRIPE_FALLBACK_SECRET_KEY: 'sk_live_fb',
        NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY: 'pk_live_fb',
      }),
    ).toMatch(/STRIPE_MODE is emulator but a live fallback Stripe key is set/);
  });
});
