import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { luhnValid, redactText } from './redact';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger(stream, 'info'), lines };
}

describe('redactText', () => {
  it('masks Luhn-valid 13–19 digit runs with or without separators', () => {
    expect(redactText('card 4242 4242 4242 4242 ok')).toBe('card [REDACTED_PAN] ok');
    expect(redactText('pan=4000002500003155;')).toBe('pan=[REDACTED_PAN];');
    expect(redactText('amex 3782-822463-10005')).toBe('amex [REDACTED_PAN]');
    expect(redactText('4242 4242 4242 4242 12/34 123')).toBe('[REDACTED_PAN] 12/34 123');
    expect(redactText('x4000000000000002y')).toBe('x[REDACTED_PAN]y');
  });

  it('keeps digit runs that are not card numbers', () => {
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(redactText('order 4242424242424241 at 1700000000')).toBe('order 4242424242424241 at 1700000000');
  });

  it('masks API keys, bearer tokens, webhook secrets and client secrets', () => {
    expect(redactText('Authorization: Bearer sk_test_51abcDEF')).toBe('Authorization: Bearer [REDACTED]');
    expect(redactText('key sk_live_abc123 and rk_test_zz')).toBe('key sk_live_[REDACTED] and rk_test_[REDACTED]');
    expect(redactText('whsec_abc+/=')).toBe('whsec_[REDACTED]');
    expect(redactText('pi_123_secret_abc')).toBe('pi_123_secret_[REDACTED]');
  });
});

describe('logger', () => {
  it('writes a card number and a bearer key redacted, in messages and fields', () => {
    const { logger, lines } = capture();
    logger.info({ note: 'paid with 4242 4242 4242 4242' }, 'Authorization: Bearer sk_test_abc123');
    logger.info({ headers: { authorization: 'Bearer sk_test_abc123', cookie: 'session=abc' } }, 'request');
    const out = lines.join('');
    expect(out).not.toMatch(/4242 4242 4242 4242|sk_test_abc123|session=abc/);
    expect(out).toContain('[REDACTED_PAN]');
    expect(out).toContain('Bearer [REDACTED]');
    expect(JSON.parse(lines[1]!).headers).toEqual({ authorization: '[REDACTED]', cookie: '[REDACTED]' });
  });

  it('redacts inside serialised errors too', () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error('declined 4000000000000002') }, 'failed');
    expect(lines.join('')).not.toContain('4000000000000002');
  });
});
