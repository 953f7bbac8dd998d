// A plan's months as rows, one column per series: "this month against last year" reads across, and the
// table stays narrow enough for a phone.
import { h, tableRegion, dataTable, th, rowTh } from '../dom.js';
import { t, locale, formatMonth, planMonths, monthLabels } from '../i18n.js';
import { formatValue, sum, allWhole } from '../money.js';
import { metricLabel } from './common.js';

/**
 * series: [{label, unit, values: [int|BigInt] | null, kind, total?}]; a series without values shows dashes; `total`
 * replaces the sum in the footer (shares of a year, rounded one by one, still total 100 %).
 */
export function monthTable(plan, series, caption) {
  const months = planMonths(plan.start_month, plan.months);
  const formats = series.map((s) => {
    // A column of whole amounts drops the ".00": still exact, and easier to compare.
    const whole = s.unit === 'currency' && s.values ? allWhole([...s.values, sum(s.values)], plan.currency) : false;
    return (v) => formatValue(v, s.unit, plan.currency, locale(), { symbol: false, whole });
  });
  const cells = (value) => series.map((s, j) => h('td.num', { dataset: { series: s.kind || '' } }, s.values ? formats[j](value(s)) : '—'));
  return dataTable('table--numbers.month-table', caption,
    h('thead', h('tr', th(t('table.month')), series.map((s) => h('th.num', { scope: 'col', dataset: { series: s.kind || '' } }, s.label)))),
    h('tbody', months.map((m, i) => h('tr', { dataset: { month: m } }, rowTh(formatMonth(m)), cells((s) => s.values[i] ?? 0)))),
    h('tfoot', h('tr', rowTh(t('table.annual')), cells((s) => s.total ?? sum(s.values)))));
}

/** A row per metric, a column per month, the year last; `row(metric)` gives the cells after the row's header. */
export function metricMonthsTable(plan, caption, { row, colClass = () => '', hiddenCaption = true }) {
  const months = planMonths(plan.start_month, plan.months);
  const labels = monthLabels(months);
  return tableRegion(caption, h('table.table.table--numbers.table--months',
    hiddenCaption ? h('caption.visually-hidden', caption) : null,
    h('thead', h('tr', th(t('table.metric')),
      months.map((m, i) => h('th.num', { scope: 'col', class: colClass(i, m) }, h('abbr', { title: formatMonth(m, 'long') }, labels[i]))),
      h('th.num', { scope: 'col' }, t('table.annual')))),
    h('tbody', plan.metrics.map((metric) => h('tr', rowTh(metricLabel(metric, plan)), row(metric))))));
}
