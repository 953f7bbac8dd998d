// "My team": a unit's reconciliation, with drill-down into child units and reps. Rows are paged, so a unit of
// thousands of reps renders at once.
import { api, all, seg } from '../api.js';
import { h, replace, sameId, uid, tableRegion, th, rowTh } from '../dom.js';
import { t, tOr, locale } from '../i18n.js';
import { load, tag, secondaryButton, choice, inlineField } from '../forms.js';
import { formatBps } from '../money.js';
import {
  planHeader, liveIndicator, keepLive, mayStream, metricLabel, metricOptions, loadPlan, rememberName, subtree, cellValue, unitSuffix, paged, screen,
  goalGap, toleranceTag, showBars,
} from './common.js';

const PAGE = 50;
const FLAG_TONES = { stretch_above_limit: 'red', above_capacity: 'red', below_last_year: 'yellow', no_estimate: 'grey' };

/** The plan's scope for those who may see all of it; else the highest unit the manager runs inside it. */
async function startUnit(me, plan, units) {
  if (await mayStream(me, plan, units)) return plan.unit_id;
  const byId = new Map(units.map((u) => [u.id.toLowerCase(), u]));
  const scope = subtree(units, plan.unit_id);
  const managed = units.filter((u) => sameId(u.manager_id, me.user.id) && scope.has(u.id.toLowerCase()));
  const depth = (u) => { let d = 0; let c = u; while (c?.parent_id) { d += 1; c = byId.get(c.parent_id.toLowerCase()); } return d; };
  managed.sort((a, b) => depth(a) - depth(b));
  return managed[0]?.id || plan.unit_id;
}

export async function show(ctx) {
  const { plan: planId } = ctx.params;
  const me = ctx.me;
  let plan;
  let units;
  let root;
  const view = await screen(ctx, async () => {
    [plan, units] = await Promise.all([loadPlan(planId), all('/v1/units')]);
    root = await startUnit(me, plan, units);
  });
  if (!view) return;
  const unitId = ctx.params.unit || root;
  const byId = new Map(units.map((u) => [u.id.toLowerCase(), u]));
  const unit = byId.get(unitId.toLowerCase());
  document.title = `${t('tab.myTeam')} – ${plan.name}`;

  const state = { metric: plan.metrics[0].key, filter: 'all', query: '', page: 0, report: null, raw: '' };
  const live = liveIndicator();
  const summaryHost = h('section.section');
  const chartHost = h('section.section');
  const tableHost = h('div');
  const bodyHost = h('div');

  const trail = [];
  for (let c = unit; c; c = c.parent_id ? byId.get(c.parent_id.toLowerCase()) : null) {
    trail.unshift(c);
    if (sameId(c.id, root)) break;
  }
  const metricSelect = choice(metricOptions(plan), state.metric, (key) => { state.metric = key; state.page = 0; reload(); });
  const filterSelect = choice(['all', 'not_answered', 'flagged', 'agreed'].map((f) => [f, t(`team.filter.${f}`)]), 'all',
    (f) => { state.filter = f; state.page = 0; renderTable(); });
  const search = h('input.input', { id: uid('search'), type: 'search', autocomplete: 'off',
    on: { input: () => { state.query = search.value.trim().toLowerCase(); state.page = 0; renderTable(); } } });

  replace(view,
    planHeader(me, plan, 'team', { live }),
    trail.length > 1 ? h('nav.breadcrumbs.breadcrumbs--units', { attrs: { 'aria-label': t('team.unitsTrail') } },
      h('ol', trail.map((u, i) => h('li', i === trail.length - 1 ? h('span', { attrs: { 'aria-current': 'page' } }, u.name)
        : h('a', { href: `#/plans/${plan.id}/team/${u.id}` }, u.name))))) : null,
    h('h2.screen-subtitle', t('team.subtitle', { unit: unit?.name || '' })),
    h('div.controls',
      inlineField(t('table.metric'), metricSelect)),
    bodyHost);
  replace(bodyHost, summaryHost, chartHost,
    h('section.section', { attrs: { 'aria-labelledby': 'recon-title' } },
      h('h2', { id: 'recon-title' }, t('team.reconciliation')),
      h('div.controls',
        inlineField(t('team.show'), filterSelect), inlineField(t('team.search'), search)),
      tableHost));

  const metric = () => plan.metrics.find((m) => m.key === state.metric);
  const fmt = (v) => cellValue(plan, metric(), v);

  function status(row) {
    if (row.kind === 'unit') return row.flags.includes('no_estimate') ? tag(t('team.someMissing'), 'red') : null;
    if (row.agreed !== null) return tag(t('assignment.agreed'), 'green');
    if (row.bottom_up === null) return tag(t('team.filter.not_answered'), 'red');
    if (row.top_down === null) return tag(t('team.toReview'), 'blue');
    return tag(t('team.negotiating'), 'yellow');
  }

  function flags(row) {
    return row.flags.filter((f) => !(f === 'no_estimate' && row.kind === 'rep'))
      .map((f) => tag(tOr(`flag.${f}`, f), FLAG_TONES[f] || 'grey'));
  }

  function visibleRows() {
    const rows = state.report?.rows || [];
    return rows.filter((r) => {
      if (state.query && !r.name.toLowerCase().includes(state.query)) return false;
      if (state.filter === 'not_answered') return r.kind === 'rep' ? r.bottom_up === null : r.flags.includes('no_estimate');
      if (state.filter === 'flagged') return r.flags.length > 0;
      if (state.filter === 'agreed') return r.agreed !== null;
      return true;
    });
  }

  function renderSummary() {
    const { totals, rows } = state.report;
    const reps = rows.filter((r) => r.kind === 'rep');
    const missing = reps.filter((r) => r.bottom_up === null).length;
    const items = [
      [t('team.goal'), fmt(totals.goal)],
      [t('team.col.agreed'), fmt(totals.sum_agreed), goalGap(totals)],
      [t('team.sumBottomUp'), fmt(totals.sum_bottom_up)],
      [t('team.unallocated'), fmt(totals.unallocated)],
      [t('team.capacity'), fmt(totals.capacity)],
    ];
    replace(summaryHost,
      h('h2', t('team.summary', { unit: unit?.name || '' }), h('span.unit-note', ` · ${metricLabel(metric(), plan)}`)),
      h('dl.summary-list', items.map(([k, v, note]) => h('div.summary-row', h('dt', k), h('dd.num', v, note ? h('span.summary-note', ` ${note}`) : null)))),
      h('p.tolerance', toleranceTag(totals)),
      reps.length
        ? h('div.answered', { class: missing ? 'answered--missing' : 'answered--done' },
          h('p', h('strong', missing ? t('team.missingCount', { missing, total: reps.length }) : t('team.allAnswered', { total: reps.length }))),
          missing ? secondaryButton(t('team.showMissing'), () => {
            filterSelect.value = 'not_answered';
            state.filter = 'not_answered';
            state.page = 0;
            renderTable();
            tableHost.querySelector('table')?.focus();
          }) : null)
        : null);
  }

  function renderChart() {
    const unitRows = state.report.rows.filter((r) => r.kind === 'unit').slice(0, 12);
    showBars(ctx, chartHost, {
      title: t('team.chartTitle', { metric: metricLabel(metric(), plan) }),
      categories: unitRows.map((r) => r.name),
      series: [
        { name: t('team.col.topDown'), values: unitRows.map((r) => r.top_down) },
        { name: t('team.col.bottomUp'), values: unitRows.map((r) => r.bottom_up) },
        { name: t('team.col.agreed'), values: unitRows.map((r) => r.agreed) },
      ],
      format: fmt,
    }, h('p.hint', t('team.chartNote')));
  }

  function renderTable() {
    const rows = visibleRows();
    const { slice, pager } = paged(rows, state, PAGE, renderTable, h('p.hint', t('team.rowCount', { total: rows.length })));
    const { totals } = state.report;
    const lastYear = state.report.rows.reduce((acc, r) => acc + BigInt(r.last_year ?? 0), 0n);
    const totalGap = totals.goal !== null && totals.goal !== undefined ? BigInt(totals.goal) - BigInt(totals.sum_bottom_up) : null;
    const stretch = totals.goal && BigInt(totals.sum_bottom_up) > 0n
      ? (BigInt(totals.goal) * 10000n + BigInt(totals.sum_bottom_up) / 2n) / BigInt(totals.sum_bottom_up) : null;
    const unitLabel = unitSuffix(plan, metric());
    const cols = ['topDown', 'bottomUp', 'agreed', 'lastYear', 'gap'];
    const table = h('table.table.table--numbers.recon-table', { tabIndex: -1 },
      h('caption.visually-hidden', t('team.reconciliation')),
      h('thead', h('tr', th(t('team.col.name')), th(t('team.col.status')),
        cols.map((c) => th(`${t(`team.col.${c}`)}${unitLabel}`, 'num')), th(t('team.col.stretch'), 'num'), th(t('team.col.flags')))),
      h('tbody', slice.length ? slice.map((r) => {
        if (r.kind === 'rep') rememberName(r.id, r.name);
        const href = r.kind === 'unit' ? `#/plans/${plan.id}/team/${r.id}` : `#/plans/${plan.id}/targets/${r.id}`;
        return h('tr', { dataset: { rowId: r.id, kind: r.kind } },
          rowTh(h('a', { href }, r.name), r.kind === 'unit' ? h('span.row-kind', ` ${t('team.unit')}`) : null),
          h('td', status(r)),
          h('td.num', fmt(r.top_down)), h('td.num', fmt(r.bottom_up)), h('td.num', fmt(r.agreed)),
          h('td.num', fmt(r.last_year)), h('td.num', fmt(r.gap)),
          h('td.num', r.stretch_bps === null ? '—' : formatBps(r.stretch_bps, locale())),
          h('td', h('div.flags', flags(r))));
      }) : h('tr', h('td', { colSpan: 9 }, t('team.noRows')))),
      h('tfoot', h('tr',
        rowTh(t('team.total')), h('td'),
        h('td.num', fmt(totals.goal)), h('td.num', fmt(totals.sum_bottom_up)), h('td.num', fmt(totals.sum_agreed)),
        h('td.num', fmt(lastYear)), h('td.num', fmt(totalGap)),
        h('td.num', stretch === null ? '—' : formatBps(stretch, locale())),
        h('td', totals.capacity !== null && totals.goal !== null && BigInt(totals.goal) > BigInt(totals.capacity)
          ? tag(t('flag.above_capacity'), 'red') : null))));
    replace(tableHost, tableRegion(t('team.reconciliation'), table), pager);
  }

  async function fetchReport() {
    const { data } = await api('GET', `/v1/plans/${seg(plan.id)}/reconciliation?unit_id=${seg(unitId)}&metric=${seg(state.metric)}`);
    return data;
  }

  async function refresh() {
    const data = await fetchReport();
    const raw = JSON.stringify(data);
    if (raw === state.raw) return;
    state.report = data;
    state.raw = raw;
    renderSummary();
    renderChart();
    renderTable();
  }

  async function reload() {
    state.raw = '';
    await load(bodyHost.contains(summaryHost) ? summaryHost : bodyHost, refresh);
  }

  await reload();
  await keepLive(ctx, plan, live, refresh, units);
}
