// "Why is my target this number?": the server's explanation of a rep's targets, in words, a chart and tables.
import { api, seg } from '../api.js';
import { h, replace, sameId } from '../dom.js';
import { t, locale, formatMonth, planMonths, monthLabels } from '../i18n.js';
import { tag } from '../forms.js';
import { formatValue, formatMoney, formatBps, formatSignedBps, deviationBps, ratioBps, sum } from '../money.js';
import { barChart } from '../chart.js';
import {
  planHeader, metricLabel, loadPlan, nameOf, redrawOnResize, section, screen, funnelText, verdictTag, rampMetrics,
} from './common.js';
import { monthTable } from './month-table.js';

export async function show(ctx) {
  const { plan: planId, rep: repId } = ctx.params;
  const me = ctx.me;
  const own = sameId(me.user.id, repId);
  let plan;
  let ex;
  let units = [];
  let repName;
  const view = await screen(ctx, async () => {
    const [p, e, u] = await Promise.all([
      loadPlan(planId),
      api('GET', `/v1/plans/${seg(planId)}/assignments/${seg(repId)}/explain`).then((r) => r.data),
      api('GET', '/v1/units?limit=500').then((r) => r.data.items || []).catch(() => []),
    ]);
    plan = p;
    ex = e;
    units = u;
    repName = own ? me.user.name : (await nameOf(me, repId)) || t('people.rep');
  });
  if (!view) return;
  document.title = `${t('tab.explain')} – ${plan.name}`;
  const months = planMonths(plan.start_month, plan.months);
  const labels = monthLabels(months);
  const unitName = (id) => units.find((u) => sameId(u.id, id))?.name || t('explain.yourUnit');
  const value = (m, v) => formatValue(v, m.unit, plan.currency, locale());
  const withTarget = plan.metrics.filter((m) => ex.targets?.[m.key]);
  const revenue = plan.metrics.find((m) => m.key === 'revenue') || plan.metrics[0];

  // In short: each metric's target, where it comes from, its share of the goal and last year beside it.
  const share = ex.goal_share;
  const short = withTarget.map((m) => {
    const target = ex.targets[m.key].annual;
    const past = ex.last_year?.[m.key]?.annual;
    const parts = [h('strong', `${metricLabel(m, plan)}: `), h('span.num', { dataset: { figure: `target-${m.key}` } }, value(m, target)), ' ',
      t(`explain.source.${ex.target_source}`)];
    if (share && share.goal?.[m.key] !== undefined) {
      const bps = share.target_share_bps?.[m.key];
      parts.push(' ', t('explain.shareLine', {
        share: bps === undefined ? '—' : formatBps(bps, locale()), unit: unitName(share.unit_id), goal: value(m, share.goal[m.key]),
        reps: share.reps, even: value(m, share.even_share?.[m.key] ?? 0),
      }));
    }
    if (past !== undefined && past !== null) {
      const growth = deviationBps(target, past);
      parts.push(' ', growth === null ? t('explain.lastYearNone') : t('explain.lastYearLine', { past: value(m, past), growth: formatSignedBps(growth, locale()) }));
    }
    return h('li', { dataset: { metric: m.key } }, parts);
  });

  const weights = ex.seasonality?.weights || [];
  // Each weight's share of the year, as the weights the server returned add up.
  const pct = weights.map((w) => ratioBps(w, sum(weights)));
  const seasonality = section('season-title',
    h('h2', { id: 'season-title' }, t('explain.seasonality')),
    h('p', t(`explain.season.${ex.seasonality?.source || 'even'}`)),
    h('div.weights-table', monthTable(plan, [
      { label: t('explain.weight'), unit: 'count', values: weights, kind: 'weights' },
      { label: t('explain.shareOfYear'), unit: 'ratio', values: pct.every((p) => p !== null) ? pct : null, kind: 'shares', total: 10000 },
    ], t('explain.seasonality'))));

  const rampMonths = ex.ramp_months || [];
  const ramp = section('ramp-title',
    h('h2', { id: 'ramp-title' }, t('explain.ramp')),
    rampMonths.length
      ? [h('p', tag(t('maturity.ramping'), 'yellow'), ' ', t('explain.rampBody', {
        count: rampMonths.length, from: formatMonth(rampMonths[0]), to: formatMonth(rampMonths[rampMonths.length - 1]),
      })), h('p', rampMetrics(plan))]
      : h('p', tag(t(`maturity.${ex.maturity}`), 'green'), ' ', t('explain.noRamp')));

  const funnel = section('funnel-title',
    h('h2', { id: 'funnel-title' }, t('explain.funnel')),
    (ex.funnel || []).length
      ? h('ul.explain-funnel', ex.funnel.map((f) => h('li', { dataset: { side: f.side } },
        h('strong', t(`explain.side.${f.side}`, { name: repName })), ' ', funnelText(plan, f.assumptions, f.implied_revenue), ' ',
        t('explain.proposed', { value: formatMoney(f.proposed_revenue, plan.currency, locale()) }), ' ', verdictTag(f.consistent))))
      : h('p.hint', t('explain.noFunnel')));

  // Target against last year, by month: the chart, and the same numbers in a table.
  const lastYear = (m) => {
    const past = ex.last_year?.[m.key]?.months;
    return past ? months.map((_, i) => past[i % past.length] ?? 0) : null;
  };
  const chartHost = h('div');
  const drawChart = () => {
    const target = ex.targets?.[revenue.key]?.months;
    const past = lastYear(revenue);
    const series = [];
    if (target) series.push({ name: t('explain.target'), values: target });
    if (past) series.push({ name: t('explain.lastYear'), values: past });
    if (!series.length) { replace(chartHost); return; }
    replace(chartHost, barChart({
      width: chartHost.clientWidth || ctx.main.clientWidth,
      title: t('explain.chartTitle', { metric: metricLabel(revenue, plan) }),
      // On a phone twelve month names collide: the months' numbers say the same.
      categories: (chartHost.clientWidth || ctx.main.clientWidth) < 560 ? months.map((m) => String(Number(m.slice(5)))) : labels,
      series,
      format: (v) => formatValue(v, revenue.unit, plan.currency, locale(), { symbol: false }),
    }));
  };
  const tableRows = [];
  for (const m of plan.metrics) {
    if (ex.targets?.[m.key]) tableRows.push({ label: `${metricLabel(m, plan)}: ${t('explain.target')}`, unit: m.unit, values: ex.targets[m.key].months, kind: `target-${m.key}` });
    const past = lastYear(m);
    if (past) tableRows.push({ label: `${metricLabel(m, plan)}: ${t('explain.lastYear')}`, unit: m.unit, values: past, kind: `last-${m.key}` });
  }
  const history = h('section.section.explain-history', { attrs: { 'aria-labelledby': 'history-title' } },
    h('h2', { id: 'history-title' }, t('explain.history')),
    h('p.hint', t('explain.historyHint')),
    chartHost,
    tableRows.length ? monthTable(plan, tableRows, t('explain.history')) : h('p.hint', t('explain.noHistory')));

  replace(view,
    planHeader(me, plan, 'explain'),
    h('h2.screen-subtitle', own ? t('explain.titleOwn') : t('explain.titleRep', { name: repName })),
    h('section.section.explain-short', { attrs: { 'aria-labelledby': 'short-title' } },
      h('h2', { id: 'short-title' }, t('explain.short')),
      withTarget.length ? h('ul.explain-lines', short) : h('p', t('explain.noTargets')),
      share ? null : h('p.hint', t('explain.noGoal')),
      own ? null : h('p', h('a', { href: `#/plans/${plan.id}/targets/${repId}` }, t('explain.toTargets', { name: repName })))),
    history, seasonality, ramp, funnel);
  drawChart();
  redrawOnResize(ctx, drawChart);
}
