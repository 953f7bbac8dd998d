// A table of a plan's months: one row per series (a goal, last year, a rep's target), the year's total in
// the last column, right-aligned tabular figures, the unit in the row header.
import { h } from '../dom.js';
import { t, locale, formatMonth, planMonths, monthLabels } from '../i18n.js';
import { formatValue, sum, allWhole } from '../money.js';

/** rows: [{label, unit, values: [int|BigInt] | null, kind}]; a row without values shows dashes. */
export function monthTable(plan, rows, caption, { months: count, labels } = {}) {
  const months = planMonths(plan.start_month, count || plan.months);
  const heads = labels || monthLabels(months);
  return h('div.table-scroll', { tabIndex: 0, attrs: { role: 'region', 'aria-label': caption } },
    h('table.table.table--numbers.table--months',
      h('caption.visually-hidden', caption),
      h('thead', h('tr', h('th', { scope: 'col' }, t('table.metric')),
        months.map((m, i) => h('th.num', { scope: 'col' }, h('abbr', { title: formatMonth(m, 'long') }, heads[i]))),
        h('th.num', { scope: 'col' }, t('table.annual')))),
      h('tbody', rows.map((row) => {
        const list = row.values;
        // A row of whole amounts drops the ".00": still exact, and twelve months fit on a laptop screen.
        const opts = { symbol: false, whole: row.unit === 'currency' && list ? allWhole([...list, sum(list)], plan.currency) : false };
        const fmt = (v) => formatValue(v, row.unit, plan.currency, locale(), opts);
        return h('tr', { dataset: { row: row.kind || '' } },
          h('th', { scope: 'row' }, row.label),
          months.map((_, i) => h('td.num', list ? fmt(list[i] ?? 0) : '—')),
          h('td.num.total', list ? fmt(sum(list)) : '—'));
      }))));
}
