// Small SVG charts of our own. A chart always has a title, a legend in words, and its numbers are also
// on the page as a table (the caller shows that table next to it).
import { h, svg } from './dom.js';

/**
 * Grouped bars: one group per category, one bar per series.
 * series: [{name, values: [number|bigint|null]}]; format(v) → label for the axis.
 */
export function barChart({ title, categories, series, format, width: available = 720 }) {
  const { width, height } = chartSize(available);
  const left = 88;
  const bottom = 36;
  const top = 12;
  const plotW = width - left - 12;
  const plotH = height - top - bottom;
  const numbers = series.flatMap((s) => s.values.filter((v) => v !== null && v !== undefined).map(Number));
  const max = Math.max(1, ...numbers);
  const step = niceStep(max / 4);
  const ceiling = Math.ceil(max / step) * step;
  const groupW = plotW / Math.max(1, categories.length);
  const barW = Math.max(2, Math.min(22, (groupW * 0.8) / Math.max(1, series.length)));

  const chart = chartSvg(width, height, title);
  for (let v = 0; v <= ceiling + step / 2; v += step) gridLine(chart, top + plotH - (v / ceiling) * plotH, left, width - 12, format(BigInt(Math.round(v))));
  categories.forEach((label, i) => {
    const x0 = left + i * groupW + (groupW - barW * series.length) / 2;
    series.forEach((s, j) => {
      const v = s.values[i];
      if (v === null || v === undefined) return;
      const hgt = (Number(v) / ceiling) * plotH;
      chart.append(svg('rect', {
        x: x0 + j * barW, y: top + plotH - hgt, width: Math.max(1, barW - 2), height: Math.max(0, hgt),
        class: `chart-bar series-${j}`,
      }, svg('title', {}, `${s.name}, ${label}: ${format(v)}`)));
    });
    chart.append(svg('text', {
      x: left + i * groupW + groupW / 2, y: height - bottom + 16, class: 'chart-axis', 'text-anchor': 'middle',
    }, label));
  });
  return chartFigure(title, chart, series.map((s, j) => [`span.swatch.series-${j}`, s.name]));
}

// Drawn at the width it is shown at (within limits), so its text stays readable on a phone.
export function chartSize(available) {
  const width = Math.max(300, Math.min(900, Math.round(available) || 720));
  return { width, height: width < 500 ? 220 : 260 };
}

export function chartSvg(width, height, title) {
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title,
    preserveAspectRatio: 'xMidYMid meet',
  });
  chart.append(svg('title', {}, title));
  return chart;
}

/** A horizontal grid line at `y`, its value's label left of the plot. */
export function gridLine(chart, y, left, right, label) {
  chart.append(svg('line', { x1: left, x2: right, y1: y, y2: y, class: 'chart-grid' }),
    svg('text', { x: left - 6, y: y + 4, class: 'chart-axis', 'text-anchor': 'end' }, label));
}

/** swatches: [[spec of the legend swatch, series name]] */
export function chartFigure(title, chart, swatches) {
  const legend = h('ul.chart-legend', swatches.map(([spec, name]) => h('li', h(spec, { attrs: { 'aria-hidden': 'true' } }), name)));
  return h('figure.chart-figure', h('figcaption.chart-title', title), chart, legend);
}

export function niceStep(raw) {
  if (raw <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}
