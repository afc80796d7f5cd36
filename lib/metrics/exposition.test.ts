import { describe, expect, it } from 'vitest';
import { renderMetrics } from './exposition';

describe('Prometheus exposition', () => {
  it('renders HELP, TYPE and labelled samples, escaping label values', () => {
    const text = renderMetrics([
      {
        name: 'paydeck_payments_total',
        help: 'Payments by status.',
        type: 'counter',
        samples: [
          { labels: { status: 'succeeded' }, value: 3 },
          { labels: { status: 'we"ird\\' }, value: 1 },
        ],
      },
      { name: 'paydeck_up', help: 'Up.', type: 'gauge', samples: [{ value: 1 }, { value: Number.NaN }] },
    ]);
    expect(text).toBe(
      [
        '# HELP paydeck_payments_total Payments by status.',
        '# TYPE paydeck_payments_total counter',
        'paydeck_payments_total{status="succeeded"} 3',
        'paydeck_payments_total{status="we\\"ird\\\\"} 1',
        '# HELP paydeck_up Up.',
        '# TYPE paydeck_up gauge',
        'paydeck_up 1',
        'paydeck_up NaN',
        '',
      ].join('\n'),
    );
  });
});
