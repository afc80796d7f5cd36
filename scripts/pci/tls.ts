// TLS in production: HSTS on every production response, Secure session cookies, and a start-up
// refusal of plain-http APP_URL/AUTH_URL (except to this machine).
import { readFileSync } from 'node:fs';
import { EnvError, parseEnv } from '@/lib/env';
import { securityHeaders } from '@/lib/security/headers';
import type { Report } from '../pentest/report';

const CHECK = 'tls';
const PROD = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db/app',
  AUTH_SECRET: 'x'.repeat(32),
  APP_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  STRIPE_MODE: 'emulator',
};

function refuses(vars: Record<string, string>): string | null {
  try {
    parseEnv({ ...PROD, ...vars });
    return null;
  } catch (error) {
    return error instanceof EnvError ? error.message : String(error);
  }
}

export function tlsCheck(report: Report): void {
  const headers = securityHeaders(
    { nonce: 'x', noStore: false },
    { nodeEnv: 'production', stripe: { mode: 'stripe', emulatorUrl: 'http://127.0.0.1:12111' } },
  );
  report.record(
    CHECK,
    'production responses carry HSTS (2 years, subdomains)',
    headers['Strict-Transport-Security'] === 'max-age=63072000; includeSubDomains',
    headers['Strict-Transport-Security'] ?? 'missing',
  );
  const auth = readFileSync('lib/auth/config.ts', 'utf8');
  report.record(
    CHECK,
    'Auth.js uses Secure, __Secure-/__Host- prefixed cookies in production',
    /useSecureCookies:\s*e\.nodeEnv === 'production'/.test(auth),
    'lib/auth/config.ts',
  );
  for (const variable of ['APP_URL', 'AUTH_URL']) {
    const refused = refuses({ APP_URL: 'https://paydeck.example', [variable]: 'http://paydeck.example' });
    report.record(
      CHECK,
      `production refuses to start with a plain-http ${variable}`,
      refused?.includes(variable) === true,
      refused ?? 'accepted',
    );
  }
  report.record(
    CHECK,
    'production starts with https URLs',
    refuses({ APP_URL: 'https://paydeck.example', AUTH_URL: 'https://paydeck.example' }) === null,
  );
}
