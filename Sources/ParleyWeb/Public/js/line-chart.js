// Cumulative lines over a plan's weeks (tracking). Like chart.js: a title, a legend in words, each point's
// value in its tooltip and data attributes, and the same numbers in the caller's table.
import { svg } from './dom.js';
import { chartFigure, chartSize, chartSvg, gridLine, niceStep } from './chart.js';

const SERIES = ['target', 'actual', 'forecast'];

/**
 * categories: labels of the x positions (weeks); series: [{key: 'target'|'actual'|'forecast', name,
 * points: [{i, value}]}] with `value` an integer (number or BigInt); format(v) → text; axis(i) → the axis
 * label under category i, or null for none.
 */
export function lineChart({
  title, categories, series, format, axisFormat = format, minStep = 1, axis = (i) => categories[i], width: available = 720,
}) {
  const { width, height } = chartSize(available);
  const values = series.flatMap((s) => s.points.map((p) => Number(p.value)));
  const max = Math.max(1, ...values);
  // Ticks on whole steps of at least `minStep` (a currency's major unit), so their labels stay exact.
  const step = Math.max(minStep, niceStep(max / 4));
  const ceiling = Math.ceil(max / step) * step;
  const ticks = [];
  for (let v = 0; v <= ceiling + step / 2; v += step) ticks.push([v, axisFormat(BigInt(Math.round(v)))]);
  // The plot starts where the longest tick label ends.
  const left = 12 + 7 * Math.max(...ticks.map(([, label]) => label.length));
  const top = 12;
  const bottom = 36;
  const plotW = width - left - 14;
  const plotH = height - top - bottom;
  const n = Math.max(1, categories.length - 1);
  const x = (i) => left + (i / n) * plotW;
  const y = (v) => top + plotH - (Number(v) / ceiling) * plotH;

  const chart = chartSvg(width, height, title);
  for (const [v, label] of ticks) gridLine(chart, y(v), left, width - 14, label);
  categories.forEach((_, i) => {
    const label = axis(i);
    if (label) chart.append(svg('text', { x: x(i), y: height - bottom + 16, class: 'chart-axis', 'text-anchor': 'start' }, label));
  });
  for (const s of series) {
    if (!s.points.length) continue;
    const cls = `chart-line line--${SERIES.includes(s.key) ? s.key : 'target'}`;
    chart.append(svg('polyline', { points: s.points.map((p) => `${x(p.i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' '), class: cls }));
    // Points of the actual line (and the forecast's end) carry their values for tooltips and for reading.
    const marked = s.key === 'actual' ? s.points : s.key === 'forecast' ? s.points.slice(-1) : [];
    for (const p of marked) {
      chart.append(svg('circle', {
        cx: x(p.i), cy: y(p.value), r: 3, class: `chart-point point--${s.key}`,
        'data-series': s.key, 'data-index': p.i, 'data-value': String(p.value),
      }, svg('title', {}, `${s.name}, ${categories[p.i]}: ${format(p.value)}`)));
    }
  }
  return chartFigure(title, chart, series.map((s) => [`span.swatch.swatch--line.line--${s.key}`, s.name]));
}
