import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allowedBy, globMatch, parseInventory } from './script-inventory';

const context = { mode: 'emulator' as const, app: 'http://localhost:3100', emulator: 'http://127.0.0.1:12112' };

describe('payment-page script inventory', () => {
  it('docs/SECURITY.md has the inventory, every row typed, scoped to a mode and justified', () => {
    const entries = parseInventory(readFileSync('docs/SECURITY.md', 'utf8'));
    expect(entries.length).toBeGreaterThan(3);
    expect(entries.every((e) => e.why.length > 20)).toBe(true);
    expect(allowedBy(entries, 'script', 'http://localhost:3100/_next/static/chunks/0abc_12.js', context)).toBeDefined();
    expect(allowedBy(entries, 'script', 'http://127.0.0.1:12112/v3/stripe.js', context)).toBeDefined();
    expect(allowedBy(entries, 'frame', 'http://127.0.0.1:12112/elements/card-frame.html#%7B%22a%22%3A1%7D', context)).toBeDefined();
    expect(allowedBy(entries, 'script', 'https://evil.example/skimmer.js', context)).toBeUndefined();
    expect(allowedBy(entries, 'script', 'http://localhost:3100/uploads/x.js', context)).toBeUndefined();
    expect(allowedBy(entries, 'script', 'https://js.stripe.com/v3/', context)).toBeUndefined();
    expect(allowedBy(entries, 'script', 'https://js.stripe.com/endive/stripe.js', { ...context, mode: 'stripe' })).toBeDefined();
  });

  it('matches globs exactly', () => {
    expect(globMatch('a/*.js', 'a/b.js')).toBe(true);
    expect(globMatch('a/*.js', 'a/b.jsx')).toBe(false);
    expect(globMatch('a/*/c', 'a/b/c')).toBe(true);
    expect(globMatch('a/b', 'a/bc')).toBe(false);
    expect(globMatch('*', 'anything')).toBe(true);
  });

  it('refuses a table row without a justification or with an unknown type', () => {
    const doc = (row: string) =>
      `## Payment-page script inventory\n\n| Type | Source | Mode | Pages | Why |\n| --- | --- | --- | --- | --- |\n${row}\n`;
    expect(() => parseInventory(doc('| script | `x` | all | /pay | |'))).toThrow(/no justification/);
    expect(() => parseInventory(doc('| style | `x` | all | /pay | because it is needed here |'))).toThrow(/unknown type/);
  });
});
