// The one place that reads process.env. Imported by next.config.js (through jiti), by the
// scripts and by lib/, so a bad value stops `dev`, `build`, `start` and the worker alike.
// Deliberately not `server-only`: next.config.js and plain Node scripts import it too.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const csv = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

// An empty variable (`FOO=` in a .env file) counts as unset, so the default applies.
const emptyAsUnset = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);
const optionalUrl = emptyAsUnset(z.url().optional());
const optionalString = emptyAsUnset(z.string().optional());
const secretKey = emptyAsUnset(
  z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'must look like sk_test_… or sk_live_…')
    .optional(),
);
const publishableKey = emptyAsUnset(
  z
    .string()
    .regex(/^pk_(test|live)_[A-Za-z0-9_]+$/, 'must look like pk_test_… or pk_live_…')
    .optional(),
);
const webhookSecrets = emptyAsUnset(
  z
    .string()
    .refine((v) => csv(v).every((s) => /^whsec_[A-Za-z0-9_+/=]+$/.test(s)), 'must be one or more whsec_… secrets, comma-separated')
    .optional(),
);

/** Server-side variables: never sent to the browser. */
const serverSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: optionalUrl,
  STRIPE_MODE: emptyAsUnset(z.enum(['emulator', 'stripe']).optional()),
  STRIPE_SECRET_KEY: secretKey,
  STRIPE_WEBHOOK_SECRET: webhookSecrets,
  STRIPE_EMULATOR_URL: z.url().default('http://127.0.0.1:12111'),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  STRIPE_MAX_NETWORK_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  STRIPE_BREAKER_THRESHOLD: emptyAsUnset(z.coerce.number().int().min(1).max(1_000).default(5)),
  STRIPE_BREAKER_COOLDOWN_MS: emptyAsUnset(z.coerce.number().int().min(100).max(600_000).default(30_000)),
  STRIPE_FALLBACK_SECRET_KEY: secretKey,
  STRIPE_FALLBACK_WEBHOOK_SECRET: webhookSecrets,
  STRIPE_FALLBACK_EMULATOR_URL: optionalUrl,
  APP_URL: z.url().default('http://localhost:3000'),
  AUTH_SECRET: emptyAsUnset(z.string().min(32, 'must be at least 32 characters').optional()),
  AUTH_URL: optionalUrl,
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  REDIS_URL: optionalUrl,
  TRUST_PROXY_HOPS: emptyAsUnset(z.coerce.number().int().min(0).max(5).default(0)),
  RATE_LIMIT_NAMESPACE: emptyAsUnset(
    z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/, 'must be 1–32 lowercase letters, digits or dashes')
      .default('paydeck'),
  ),
  APP_ENCRYPTION_KEYS: emptyAsUnset(
    z
      .string()
      .refine(
        (v) => csv(v).every((k) => /^[A-Za-z0-9-]{1,16}:[A-Za-z0-9+/]{43}=$/.test(k)),
        'must be <id>:<base64 32-byte key>[,<id>:<key>…]',
      )
      // A repeated id would make decryption pick one of two keys at random.
      .refine((v) => new Set(csv(v).map((k) => k.split(':')[0])).size === csv(v).length, 'must not repeat a key id')
      .optional(),
  ),
  REFUND_APPROVAL_THRESHOLD: emptyAsUnset(z.coerce.number().int().min(0, 'must be 0 or more (minor units)').default(50_000)),
  ALERT_WEBHOOK_URL: optionalUrl,
  ALERT_WINDOW_MINUTES: emptyAsUnset(z.coerce.number().int().min(1).max(1_440).default(15)),
  ALERT_FAILED_PAYMENT_RATE: emptyAsUnset(z.coerce.number().gt(0).max(1, 'must be a fraction between 0 and 1').default(0.25)),
  ALERT_MIN_PAYMENTS: emptyAsUnset(z.coerce.number().int().min(1).default(20)),
  ALERT_DEAD_WEBHOOKS: emptyAsUnset(z.coerce.number().int().min(1).default(1)),
  METRICS_TOKEN: emptyAsUnset(z.string().min(16, 'must be at least 16 characters').optional()),
  WORKER: z.enum(['inprocess', 'external']).default('inprocess'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  NEXT_PHASE: optionalString,
});

/** Browser-visible variables: passed to client components as props by server components. */
const clientSchema = z.object({
  NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: publishableKey,
  NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY: publishableKey,
});

export type Env = {
  nodeEnv: 'development' | 'test' | 'production';
  /** The public base URL of the app (webhook endpoint registration, return URLs). */
  appUrl: string;
  databaseUrl: string | undefined;
  stripe: {
    mode: 'emulator' | 'stripe';
    secretKey: string;
    publishableKey: string;
    webhookSecrets: string[];
    emulatorUrl: string;
    live: boolean;
    /** Per-request timeout and SDK retries (same idempotency key on each retry). */
    timeoutMs: number;
    maxNetworkRetries: number;
    /** Circuit breaker per account: opens after `threshold` consecutive retryable failures, probes again after `cooldownMs`. */
    breaker: { threshold: number; cooldownMs: number };
    /** A second Stripe account that takes new one-time payments while the primary's breaker is open. */
    fallback: StripeFallback | undefined;
  };
  auth: { secret: string; url: string | undefined; github: { id: string; secret: string } | undefined };
  redisUrl: string | undefined;
  /** How many reverse proxies in front of the app append to X-Forwarded-For (0: none, the app faces clients directly). */
  trustProxyHops: number;
  /** Prefix of every rate-limit key, so apps or test runs sharing one Redis do not share counters. */
  rateLimitNamespace: string;
  encryptionKeys: { id: string; key: Buffer }[];
  /** Refunds above this amount (minor units of the payment's currency) need a second admin's approval. */
  refundApprovalThreshold: number;
  /** The alerts job: sliding window, thresholds, and where new alerts are POSTed. */
  alerts: { webhookUrl: string | undefined; windowMinutes: number; failedPaymentRate: number; minPayments: number; deadWebhooks: number };
  /** Bearer token of /api/metrics; unset turns the endpoint off. */
  metricsToken: string | undefined;
  worker: 'inprocess' | 'external';
  logLevel: NonNullable<z.infer<typeof serverSchema>['LOG_LEVEL']>;
  /** `next build` is running: runtime-only secrets are not needed yet. */
  building: boolean;
};

export type StripeFallback = {
  secretKey: string;
  publishableKey: string;
  webhookSecrets: string[];
  /** Emulator mode: the second emulator instance that plays the fallback account. */
  emulatorUrl: string | undefined;
};

/** A start-up configuration problem, reported as one line naming the variable and the fix. */
export class EnvError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid environment: ${variable} ${reason}`);
    this.name = 'EnvError';
  }
}

const EMULATOR_SECRET_KEY = 'sk_test_emulator';
const EMULATOR_PUBLISHABLE_KEY = 'pk_test_emulator';

/** https, or plain http to this machine only (the production build run locally by tests and benchmarks). */
export function httpsOrLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || (protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(hostname));
}

const keyMode = (key: string) => (/_live_/.test(key) ? 'live' : 'test');

type DevSecrets = { authSecret: string; encryptionKeys: string };

/** Development only: secrets generated once and kept in .data/ so restarts keep sessions. */
// The fs paths below are our own .data directory, never request input.
/* eslint-disable security/detect-non-literal-fs-filename */
function devSecrets(dataDir: string): DevSecrets {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  const secrets: DevSecrets = {
    authSecret: randomBytes(32).toString('base64url'),
    encryptionKeys: `dev1:${randomBytes(32).toString('base64')}`,
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  return secrets;
}
/* eslint-enable security/detect-non-literal-fs-filename */

/**
 * Validates a raw environment and resolves defaults. Throws EnvError with a one-line reason.
 * Pure apart from the development secrets file, so every guard is unit-testable.
 */
export function parseEnv(raw: Record<string, string | undefined>, dataDir = join(process.cwd(), '.data')): Env {
  const server = serverSchema.safeParse(raw);
  if (!server.success) throw fromZod(server.error);
  const client = clientSchema.safeParse(raw);
  if (!client.success) throw fromZod(client.error);
  const s = server.data;
  const production = s.NODE_ENV === 'production';
  const building = s.NEXT_PHASE === 'phase-production-build';
  const strict = production && !building;

  if (strict && !s.DATABASE_URL) throw new EnvError('DATABASE_URL', 'is required in production; set it to your PostgreSQL URL.');
  // TLS is required in production: HSTS and Secure cookies mean nothing on a plain-HTTP origin.
  for (const [variable, value] of [
    ['APP_URL', s.APP_URL],
    ['AUTH_URL', s.AUTH_URL],
  ] as const) {
    if (strict && value && !httpsOrLoopback(value))
      throw new EnvError(variable, 'must be an https:// URL in production (plain http only for localhost).');
  }

  const secretKey = s.STRIPE_SECRET_KEY;
  const publishableKey = client.data.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY;
  const mode = s.STRIPE_MODE ?? (secretKey ? 'stripe' : production ? undefined : 'emulator');
  if (!mode) {
    if (building) return finish(s, 'emulator', EMULATOR_SECRET_KEY, EMULATOR_PUBLISHABLE_KEY, dataDir);
    throw new EnvError('STRIPE_MODE', 'is unset and no STRIPE_SECRET_KEY is given; set Stripe keys, or STRIPE_MODE=emulator for a demo.');
  }
  if (secretKey && keyMode(secretKey) === 'live' && !production)
    throw new EnvError('STRIPE_SECRET_KEY', 'is a live key (sk_live_) outside production; use an sk_test_ key in development and tests.');
  if (secretKey && publishableKey && keyMode(secretKey) !== keyMode(publishableKey))
    throw new EnvError(
      'NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY',
      `is a ${keyMode(publishableKey)} key but STRIPE_SECRET_KEY is a ${keyMode(secretKey)} key; use keys of the same mode.`,
    );
  if (mode === 'emulator') {
    if ((secretKey && keyMode(secretKey) === 'live') || (publishableKey && keyMode(publishableKey) === 'live'))
      throw new EnvError('STRIPE_MODE', 'is emulator but a live Stripe key is set; remove the live keys or set STRIPE_MODE=stripe.');
    return finish(
      s,
      mode,
      secretKey ?? EMULATOR_SECRET_KEY,
      publishableKey ?? EMULATOR_PUBLISHABLE_KEY,
      dataDir,
      client.data.NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY,
    );
  }
  if (!secretKey) throw new EnvError('STRIPE_SECRET_KEY', 'is required when STRIPE_MODE=stripe; copy it from the Stripe dashboard.');
  if (!publishableKey)
    throw new EnvError('NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY', 'is required when STRIPE_MODE=stripe; copy it from the Stripe dashboard.');
  if (strict && !s.STRIPE_WEBHOOK_SECRET)
    throw new EnvError('STRIPE_WEBHOOK_SECRET', 'is required in production with real Stripe; copy the endpoint secret (whsec_…).');
  return finish(s, mode, secretKey, publishableKey, dataDir, client.data.NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY);
}

/** The optional fallback account, held to the same key-mode guards as the primary (and to the primary's mode). */
function parseFallback(
  s: z.infer<typeof serverSchema>,
  fallbackPublishable: string | undefined,
  mode: 'emulator' | 'stripe',
  primarySecretKey: string,
): StripeFallback | undefined {
  const secretKey = s.STRIPE_FALLBACK_SECRET_KEY;
  const publishableKey = fallbackPublishable;
  if (!secretKey && !publishableKey) return undefined;
  if (!secretKey)
    throw new EnvError(
      'STRIPE_FALLBACK_SECRET_KEY',
      'must be set together with NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY to enable the fallback account.',
    );
  if (!publishableKey)
    throw new EnvError(
      'NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY',
      'must be set together with STRIPE_FALLBACK_SECRET_KEY to enable the fallback account.',
    );
  const production = s.NODE_ENV === 'production';
  const building = s.NEXT_PHASE === 'phase-production-build';
  if (keyMode(secretKey) === 'live' && !production)
    throw new EnvError(
      'STRIPE_FALLBACK_SECRET_KEY',
      'is a live key (sk_live_) outside production; use an sk_test_ key in development and tests.',
    );
  if (keyMode(secretKey) !== keyMode(publishableKey))
    throw new EnvError(
      'NEXT_PUBLIC_STRIPE_FALLBACK_PUBLISHABLE_KEY',
      `is a ${keyMode(publishableKey)} key but STRIPE_FALLBACK_SECRET_KEY is a ${keyMode(secretKey)} key; use keys of the same mode.`,
    );
  if (mode === 'emulator' && keyMode(secretKey) === 'live')
    throw new EnvError('STRIPE_MODE', 'is emulator but a live fallback Stripe key is set; remove the live keys or set STRIPE_MODE=stripe.');
  if (keyMode(secretKey) !== keyMode(primarySecretKey))
    throw new EnvError(
      'STRIPE_FALLBACK_SECRET_KEY',
      `is a ${keyMode(secretKey)} key but STRIPE_SECRET_KEY is a ${keyMode(primarySecretKey)} key; both accounts must run in the same mode.`,
    );
  if (secretKey === primarySecretKey)
    throw new EnvError('STRIPE_FALLBACK_SECRET_KEY', "is the primary account's key; use the second account's key.");
  if (mode === 'emulator') {
    if (!s.STRIPE_FALLBACK_EMULATOR_URL)
      throw new EnvError(
        'STRIPE_FALLBACK_EMULATOR_URL',
        'is required with fallback keys in emulator mode; point it at a second emulator instance.',
      );
  }
  // Fallback deliveries are verified with their own secret; the emulator's start-up registration covers the primary only.
  if (!building && !s.STRIPE_FALLBACK_WEBHOOK_SECRET)
    throw new EnvError('STRIPE_FALLBACK_WEBHOOK_SECRET', "is required with a fallback account; copy its endpoint's secret (whsec_…).");
  return {
    secretKey,
    publishableKey,
    webhookSecrets: csv(s.STRIPE_FALLBACK_WEBHOOK_SECRET),
    emulatorUrl: mode === 'emulator' ? s.STRIPE_FALLBACK_EMULATOR_URL : undefined,
  };
}

function finish(
  s: z.infer<typeof serverSchema>,
  mode: 'emulator' | 'stripe',
  secretKey: string,
  publishableKey: string,
  dataDir: string,
  fallbackPublishable?: string,
): Env {
  const fallback = parseFallback(s, fallbackPublishable, mode, secretKey);
  const production = s.NODE_ENV === 'production';
  const building = s.NEXT_PHASE === 'phase-production-build';
  let authSecret = s.AUTH_SECRET;
  let encryptionKeys = s.APP_ENCRYPTION_KEYS;
  if (!authSecret || !encryptionKeys) {
    if (production && !building) {
      const variable = authSecret ? 'APP_ENCRYPTION_KEYS' : 'AUTH_SECRET';
      throw new EnvError(variable, 'is required in production; generate one with `openssl rand -base64 32`.');
    }
    const generated = devSecrets(dataDir);
    authSecret ??= generated.authSecret;
    encryptionKeys ??= generated.encryptionKeys;
  }
  if ((s.AUTH_GITHUB_ID && !s.AUTH_GITHUB_SECRET) || (!s.AUTH_GITHUB_ID && s.AUTH_GITHUB_SECRET))
    throw new EnvError(
      s.AUTH_GITHUB_ID ? 'AUTH_GITHUB_SECRET' : 'AUTH_GITHUB_ID',
      'must be set together with its pair to enable GitHub sign-in.',
    );
  return {
    nodeEnv: s.NODE_ENV,
    appUrl: s.APP_URL.replace(/\/$/, ''),
    databaseUrl: s.DATABASE_URL,
    stripe: {
      mode,
      secretKey,
      publishableKey,
      webhookSecrets: csv(s.STRIPE_WEBHOOK_SECRET),
      emulatorUrl: s.STRIPE_EMULATOR_URL,
      live: keyMode(secretKey) === 'live',
      timeoutMs: s.STRIPE_TIMEOUT_MS,
      maxNetworkRetries: s.STRIPE_MAX_NETWORK_RETRIES,
      breaker: { threshold: s.STRIPE_BREAKER_THRESHOLD, cooldownMs: s.STRIPE_BREAKER_COOLDOWN_MS },
      fallback,
    },
    auth: {
      secret: authSecret,
      url: s.AUTH_URL,
      github: s.AUTH_GITHUB_ID && s.AUTH_GITHUB_SECRET ? { id: s.AUTH_GITHUB_ID, secret: s.AUTH_GITHUB_SECRET } : undefined,
    },
    redisUrl: s.REDIS_URL,
    trustProxyHops: s.TRUST_PROXY_HOPS,
    rateLimitNamespace: s.RATE_LIMIT_NAMESPACE,
    encryptionKeys: csv(encryptionKeys).map((entry) => {
      const [id = '', key = ''] = entry.split(':');
      return { id, key: Buffer.from(key, 'base64') };
    }),
    refundApprovalThreshold: s.REFUND_APPROVAL_THRESHOLD,
    alerts: {
      webhookUrl: s.ALERT_WEBHOOK_URL,
      windowMinutes: s.ALERT_WINDOW_MINUTES,
      failedPaymentRate: s.ALERT_FAILED_PAYMENT_RATE,
      minPayments: s.ALERT_MIN_PAYMENTS,
      deadWebhooks: s.ALERT_DEAD_WEBHOOKS,
    },
    metricsToken: s.METRICS_TOKEN,
    worker: s.WORKER,
    // Tests are quiet unless LOG_LEVEL asks otherwise.
    logLevel: s.LOG_LEVEL ?? (s.NODE_ENV === 'test' ? 'silent' : 'info'),
    building,
  };
}

function fromZod(error: z.ZodError): EnvError {
  const issue = error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  return new EnvError(variable, `${issue?.message ?? 'is invalid'}.`);
}

let cached: Env | undefined;

/** The validated environment of this process (parsed on first use). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Scripts that set variables themselves (dev orchestration, tests) re-read the environment. */
export function resetEnvCache(): void {
  cached = undefined;
}

/** Runs `load`; on an EnvError prints its one line and exits non-zero (entry points only). */
function orExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** The environment, or exit with the one-line reason; for scripts. */
export function envOrExit(): Env {
  return orExit(env);
}

/** next.config.js: validates for the phase Next.js is entering (build needs no runtime secrets). */
export function checkEnvForPhase(phase: string): Env {
  return orExit(() => parseEnv({ ...process.env, NEXT_PHASE: phase }));
}
