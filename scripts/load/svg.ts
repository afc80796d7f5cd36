// A small SVG chart writer for the performance report: line and bar charts with axes, ticks,
// a legend and an optional target line. No dependencies, no network; the output is plain SVG.

export type Series = { name: string; points: [number, number][]; color: string; kind?: 'line' | 'bar' };

export type ChartSpec = {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** A horizontal reference line (e.g. the p95 target). */
  target?: { value: number; label: string };
  width?: number;
  height?: number;
  /** Fixed y range top; defaults to the data (and target) maximum with headroom. */
  yMax?: number;
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, ''));

/** "Nice" tick step (1, 2 or 5 × 10^k) giving about `count` ticks over `span`. */
export function niceStep(span: number, count = 5): number {
  if (!(span > 0)) return 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const residual = raw / magnitude;
  return (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
}

function ticks(max: number, count = 5): number[] {
  const step = niceStep(max, count);
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Renders one chart to an SVG document string. */
export function renderChart(spec: ChartSpec): string {
  const width = spec.width ?? 900;
  const height = spec.height ?? 360;
  const m = { top: 40, right: 20, bottom: 48, left: 64 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom - 22;
  const all = spec.series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map(([x]) => x));
  const dataMax = Math.max(0, ...all.map(([, y]) => (Number.isFinite(y) ? y : 0)), spec.target?.value ?? 0);
  const yTicks = ticks(spec.yMax ?? (dataMax > 0 ? dataMax * 1.1 : 1));
  const yTop = yTicks[yTicks.length - 1]!;
  const xTicks = ticks(xMax, 8);
  const xTop = Math.max(xMax, xTicks[xTicks.length - 1]!);
  const sx = (x: number) => m.left + (x / xTop) * plotW;
  const sy = (y: number) => m.top + plotH - (Math.min(y, yTop) / yTop) * plotH;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600">${esc(spec.title)}</text>`);
  for (const t of yTicks) {
    parts.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${m.left - 6}" y="${sy(t) + 4}" text-anchor="end" fill="#374151">${num(t)}</text>`);
  }
  for (const t of xTicks) {
    if (t > xTop) continue;
    parts.push(`<line x1="${sx(t)}" x2="${sx(t)}" y1="${m.top + plotH}" y2="${m.top + plotH + 4}" stroke="#6b7280"/>`);
    parts.push(`<text x="${sx(t)}" y="${m.top + plotH + 17}" text-anchor="middle" fill="#374151">${num(t)}</text>`);
  }
  parts.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${m.top + plotH}" y2="${m.top + plotH}" stroke="#6b7280"/>`);
  parts.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + plotH}" stroke="#6b7280"/>`);
  parts.push(`<text x="${m.left + plotW / 2}" y="${m.top + plotH + 34}" text-anchor="middle" fill="#111827">${esc(spec.xLabel)}</text>`);
  parts.push(
    `<text transform="translate(16 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#111827">${esc(spec.yLabel)}</text>`,
  );
  const bars = spec.series.filter((s) => s.kind === 'bar');
  const barW = Math.max(1, (plotW / Math.max(1, xTop)) * 0.8);
  bars.forEach((s, i) => {
    for (const [x, y] of s.points) {
      if (!(y > 0)) continue;
      const w = barW / bars.length;
      parts.push(
        `<rect x="${(sx(x) - barW / 2 + i * w).toFixed(1)}" y="${sy(y).toFixed(1)}" width="${w.toFixed(1)}" height="${(m.top + plotH - sy(y)).toFixed(1)}" fill="${s.color}"/>`,
      );
    }
  });
  for (const s of spec.series.filter((v) => v.kind !== 'bar')) {
    const d = s.points
      .filter(([, y]) => Number.isFinite(y))
      .map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`)
      .join(' ');
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.6"/>`);
  }
  if (spec.target) {
    const y = sy(spec.target.value);
    parts.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${y}" y2="${y}" stroke="#dc2626" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${m.left + plotW - 4}" y="${y - 5}" text-anchor="end" fill="#dc2626">${esc(spec.target.label)}</text>`);
  }
  let lx = m.left;
  const ly = height - 10;
  for (const s of spec.series) {
    parts.push(`<rect x="${lx}" y="${ly - 9}" width="12" height="${s.kind === 'bar' ? 10 : 3}" fill="${s.color}"/>`);
    parts.push(`<text x="${lx + 16}" y="${ly}" fill="#111827">${esc(s.name)}</text>`);
    lx += 26 + s.name.length * 6.5;
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
