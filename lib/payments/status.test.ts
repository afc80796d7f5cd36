import { describe, expect, it } from 'vitest';
import { displayStatus, mayReplaceStatus } from './status';

const t = (s: number) => new Date(s * 1000);

describe('mayReplaceStatus', () => {
  it('never leaves a terminal status', () => {
    expect(mayReplaceStatus('succeeded', t(10), 'processing', t(20))).toBe(false);
    expect(mayReplaceStatus('canceled', t(10), 'requires_payment_method', t(20))).toBe(false);
  });

  it('ignores snapshots older than the one applied', () => {
    expect(mayReplaceStatus('requires_action', t(20), 'requires_payment_method', t(10))).toBe(false);
    expect(mayReplaceStatus('requires_payment_method', t(10), 'processing', t(20))).toBe(true);
  });

  it('breaks same-second ties towards the more advanced status', () => {
    expect(mayReplaceStatus('processing', t(10), 'requires_action', t(10))).toBe(false);
    expect(mayReplaceStatus('requires_action', t(10), 'succeeded', t(10))).toBe(true);
  });

  it('lets a failed authentication (newer) reopen requires_action', () => {
    expect(mayReplaceStatus('requires_action', t(10), 'requires_payment_method', t(11))).toBe(true);
  });
});

describe('displayStatus', () => {
  const base = { amount: 1000, amountRefunded: 0, lastErrorCode: null };
  it('folds Stripe statuses into what users see', () => {
    expect(displayStatus({ ...base, status: 'requires_payment_method', lastErrorCode: 'card_declined' })).toBe('failed');
    expect(displayStatus({ ...base, status: 'requires_payment_method' })).toBe('pending');
    expect(displayStatus({ ...base, status: 'succeeded', amountRefunded: 400 })).toBe('partially_refunded');
    expect(displayStatus({ ...base, status: 'succeeded', amountRefunded: 1000 })).toBe('refunded');
  });
});
