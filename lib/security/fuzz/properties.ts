// What every fuzzed input must leave true, and the arbitrary values that attack our inputs.
import fc from 'fast-check';
import { expect } from 'vitest';

/** Traces of internals an error body must never carry. */
const INTERNALS = [
  /\bat [\w.<>$]+ \(/,
  /\/(?:node_modules|work|app|lib|src)\/[\w./-]+\.(?:ts|js|tsx)\b/,
  /\bPostgresError\b/,
  /syntax error at or near/i,
  /\bZodError\b/,
  /TypeError|ReferenceError|RangeError/,
  /"stack"/,
];

export function leaksInternals(text: string): RegExp | undefined {
  return INTERNALS.find((p) => p.test(text));
}

/** No 5xx, and an error answer is our JSON error body with no stack trace or internal detail. */
export async function expectSafeAnswer(response: Response, allowed?: readonly number[]): Promise<{ status: number; text: string }> {
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBeLessThan(500);
  if (allowed) expect(allowed, text.slice(0, 300)).toContain(response.status);
  expect(leaksInternals(text), text.slice(0, 300)).toBeUndefined();
  if (response.status >= 400 && text)
    expect(JSON.parse(text)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  return { status: response.status, text };
}

/** Strings an attacker types: random text, unicode, and known injection payloads. */
export const hostileString = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  // Control characters (NUL above all) break text columns and log lines.
  fc
    .tuple(fc.string({ maxLength: 20 }), fc.constantFrom('\u0000', '\u0001', '\u001b', '\r\n', '\u2028'), fc.string({ maxLength: 20 }))
    .map(([a, c, b]) => `${a}${c}${b}`),
  fc.constantFrom(
    "' OR '1'='1",
    '1; DROP TABLE payments;--',
    "'; SELECT pg_sleep(3);--",
    '{"$gt":""}',
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    '../../etc/passwd',
    'a\u0000b',
    'a\ud800b',
    '__proto__',
    'constructor',
    'x'.repeat(5000),
  ),
);

/** Any JSON value, including prototype-pollution keys and deep nesting. */
export const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'amount', 'currency', 'priceId', 'quantity'),
    fc.jsonValue({ maxDepth: 2 }),
  ),
);

/** A number as JSON may carry it: integers at the edges, fractions, huge and tiny values. */
export const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e21, -0),
);
