import { describe, expect, it } from 'vitest';
import { niceStep, renderChart } from './svg';

describe('the SVG chart writer', () => {
  it('picks 1/2/5 × 10^k tick steps', () => {
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(7, 5)).toBe(2);
    expect(niceStep(0.9, 5)).toBeCloseTo(0.2);
    expect(niceStep(0, 5)).toBe(1);
  });

  it('draws lines, bars, a target and a legend, escaping text and skipping missing points', () => {
    const svg = renderChart({
      title: 'p95 <API> & co',
      xLabel: 's',
      yLabel: 'ms',
      series: [
        {
          name: 'p95',
          color: '#000',
          points: [
            [5, 100],
            [10, Number.NaN],
            [15, 150],
          ],
        },
        {
          name: 'errors',
          color: '#f00',
          kind: 'bar',
          points: [
            [5, 0],
            [10, 2],
          ],
        },
      ],
      target: { value: 200, label: 'target' },
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('p95 &lt;API&gt; &amp; co');
    expect(svg.match(/<path d="M[^"]*"/g)).toHaveLength(1);
    expect(svg).not.toContain('NaN');
    expect(svg.match(/<rect x=/g)).toHaveLength(1 + 2);
    expect(svg).toContain('stroke-dasharray');
  });
});
