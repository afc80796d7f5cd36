'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { currencyDigits, formatMoney } from '@/lib/money';

const COLORS = ['#4f46e5', '#047857', '#b45309', '#be185d', '#0e7490'];

type Point = { t: string } & Record<string, number | string>;

function label(t: string, bucket: 'hour' | 'day'): string {
  const d = new Date(t);
  return bucket === 'hour'
    ? d.toLocaleString('en-US', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' })
    : d.toLocaleString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** Revenue (succeeded volume) per hour or day, one bar series per currency; the table below it carries the same numbers for screen readers. */
export function RevenueChart({ points, currencies, bucket }: { points: Point[]; currencies: string[]; bucket: 'hour' | 'day' }) {
  // Bars are drawn in major units (dollars), labels formatted per currency.
  const data = points.map((p) => ({
    label: label(p.t, bucket),
    ...Object.fromEntries(currencies.map((c) => [c, Number(p[c] ?? 0) / 10 ** currencyDigits(c)])),
  }));
  const total = (c: string) => points.reduce((s, p) => s + Number(p[c] ?? 0), 0);
  return (
    <figure aria-labelledby="revenue-caption">
      <figcaption id="revenue-caption" className="mb-2 text-sm text-ink-muted">
        Revenue per {bucket} (UTC)
        {currencies.length
          ? `: ${currencies.map((c) => `${formatMoney(total(c), c)} in ${c.toUpperCase()}`).join(', ')}`
          : ': no payments in this range'}
      </figcaption>
      <div className="h-64 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" />
            <YAxis tick={{ fontSize: 12 }} width={64} />
            <Tooltip
              formatter={(value, name) => [
                formatMoney(Math.round(Number(value) * 10 ** currencyDigits(String(name))), String(name)),
                String(name).toUpperCase(),
              ]}
            />
            {currencies.length > 1 ? <Legend /> : null}
            {currencies.map((c, i) => (
              <Bar key={c} dataKey={c} name={c} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
