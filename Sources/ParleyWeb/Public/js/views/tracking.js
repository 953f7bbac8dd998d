// Tracking a plan week by week (`/progress`, `/breakdown`), for a team (furthest behind pace first) or one rep.
// The API has no series of actuals: the lines are progress read at the end of every plan week (`as_of`), so
// each point is exactly what `/progress` answers for that date.
import { api, all, seg } from '../api.js';
import { h, replace, uid, sameId, dataTable, th, rowTh, figure } from '../dom.js';
import { t, locale, formatMonth } from '../i18n.js';
import { load, loadingNote, tag, choice, inlineField } from '../forms.js';
import { formatValue, formatBps, minorDigits, ratioBps } from '../money.js';
import { lineChart } from '../line-chart.js';
import {
  planHeader, metricLabel, metricOptions, metricName, loadPlan, rememberName, cellValue, unitSuffix, redrawOnResize, paged, section, screen,
} from './common.js';

const PAGE = 50;
const DAY = 86400000;
// Weekly points for teams up to this size; above it, month ends and the weeks around today: each point costs
// one progress read of the whole team (the API has no series), so 52 reads of 200 reps took 10 s here.
const WEEKLY_UP_TO = 60;
const FUNNEL = ['qualified_leads', 'visits', 'deals', 'revenue'];

// Progress reads, kept for a minute so moving between the team and a rep does not read them again.
const cache = new Map();
export function forgetProgress() { cache.clear(); }

/** Every visible rep's progress (all pages, following next_cursor) as of a date (the server's today if null). */
export function progress(planId, { unit = null, asOf = null } = {}) {
  const key = `${planId}|${unit}|${asOf}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < 60000) return hit.promise;
  const promise = (async () => {
    const q = new URLSearchParams(Object.entries({ unit_id: unit, as_of: asOf }).filter(([, v]) => v));
    let seen = null;
    const items = await all(`/v1/plans/${seg(planId)}/progress${q.size ? `?${q}` : ''}`, { max: Infinity, onPage: (data) => { seen = data.as_of; } });
    return { asOf: seen, items };
  })();
  promise.catch(() => cache.delete(key));
  cache.set(key, { at: Date.now(), promise });
  return promise;
}

async function pool(tasks, width = 4) {
  const results = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  }));
  return results;
}

const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const ms = (date) => Date.parse(`${date}T00:00:00Z`);

export function isoWeek(date) {
  const d = ms(date);
  const thursday = d + (3 - ((new Date(d).getUTCDay() + 6) % 7)) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const jan4 = Date.UTC(year, 0, 4);
  const firstThursday = jan4 + (3 - ((new Date(jan4).getUTCDay() + 6) % 7)) * DAY;
  return `${year}-W${String(1 + Math.round((thursday - firstThursday) / (7 * DAY))).padStart(2, '0')}`;
}

/** The plan's weeks: ISO week, its Monday, and its last day within the plan (the point's `as_of`). */
export function planWeeks(plan) {
  const first = ms(`${plan.start_month}-01`);
  const [y, m] = plan.start_month.split('-').map(Number);
  const last = Date.UTC(y, m - 1 + plan.months, 1) - DAY;
  const weeks = [];
  for (let monday = first - ((new Date(first).getUTCDay() + 6) % 7) * DAY; monday <= last; monday += 7 * DAY) {
    const start = Math.max(monday, first);
    weeks.push({ week: isoWeek(iso(start)), start: iso(start), end: iso(Math.min(monday + 6 * DAY, last)) });
  }
  return weeks;
}

const big = (v) => BigInt(v ?? 0);
/** Sums of every figure over reps, and the funnel stage with the lowest pace (ties: the earlier stage). */
function rollUp(plan, items) {
  const metrics = {};
  for (const m of plan.metrics) {
    const s = { target: 0n, target_to_date: 0n, actual_to_date: 0n, forecast: 0n };
    for (const item of items) {
      const p = item.metrics[m.key];
      if (!p) continue;
      for (const k of Object.keys(s)) s[k] += big(p[k]);
    }
    s.attainment_bps = ratioBps(s.actual_to_date, s.target);
    s.pace_bps = ratioBps(s.actual_to_date, s.target_to_date);
    metrics[m.key] = s;
  }
  return { metrics, lagging_stage: laggingStage(metrics) };
}

function laggingStage(metrics) {
  let best = null;
  for (const key of FUNNEL) {
    const pace = metrics[key]?.pace_bps;
    if (pace === null || pace === undefined) continue;
    if (best && big(best.pace) <= big(pace)) continue;
    best = { key, pace };
  }
  return best?.key ?? null;
}

/** How far behind (or ahead of) pace a rep is: the pace of their lagging stage, else their lowest pace. */
function worstPace(item) {
  const own = item.lagging_stage ? item.metrics[item.lagging_stage]?.pace_bps : null;
  if (own !== null && own !== undefined) return big(own);
  const paces = Object.values(item.metrics).map((p) => p.pace_bps).filter((p) => p !== null && p !== undefined).map(big);
  return paces.length ? paces.reduce((a, b) => (a < b ? a : b)) : null;
}

/** Pace in words and colour: "On pace", "12 % ahead", "8 % behind". */
export function paceTag(bps) {
  if (bps === null || bps === undefined) return tag(t('track.noPace'), 'grey');
  const diff = big(bps) - 10000n;
  if (diff === 0n) return tag(t('track.onPace'), 'green');
  const pct = formatBps(diff < 0n ? -diff : diff, locale());
  if (diff > 0n) return tag(t('track.ahead', { pct }), 'green');
  return tag(t('track.behind', { pct }), diff < -1000n ? 'red' : 'yellow');
}

export async function show(ctx) {
  const { plan: planId } = ctx.params;
  const me = ctx.me;
  const repId = ctx.params.rep || (me.user.role === 'rep' ? me.user.id : null);
  let plan;
  let today;
  let items;
  let repName = null;
  let assignment = null;
  const view = await screen(ctx, async () => {
    plan = await loadPlan(planId);
    if (repId) {
      if (me.user.role !== 'rep' || !sameId(repId, me.user.id)) {
        const a = await api('GET', `/v1/plans/${seg(planId)}/assignments/${seg(repId)}`);
        assignment = a.data;
      }
      today = await progress(planId, { unit: assignment?.unit_id || null });
      items = today.items.filter((i) => sameId(i.rep_id, repId));
      if (!items.length) throw Object.assign(new Error('not found'), { status: 404 });
      repName = sameId(repId, me.user.id) ? me.user.name : items[0].name;
      rememberName(repId, items[0].name);
    } else {
      today = await progress(planId, { unit: ctx.params.unit || null });
      items = today.items;
    }
  });
  if (!view) return;
  const self = repId && sameId(repId, me.user.id);
  const title = self ? t('track.titleMine') : repId ? t('track.titleRep', { name: repName }) : t('track.titleTeam');
  document.title = `${title} – ${plan.name}`;
  const weeks = planWeeks(plan);
  const current = Math.max(0, weeks.findIndex((w) => w.start <= today.asOf && today.asOf <= w.end));
  const after = today.asOf > weeks[weeks.length - 1].end;
  const currentIndex = after ? weeks.length - 1 : current;
  const state = { metric: plan.metrics[0].key, page: 0 };

  const summaryHost = section('track-summary');
  const weekHost = section('track-week');
  const chartsHost = section('track-charts');
  const teamHost = section('track-team');
  replace(view,
    planHeader(me, plan, 'tracking'),
    repId && !self ? h('p', h('a', { href: `#/plans/${plan.id}/tracking` }, t('track.backToTeam'))) : null,
    h('h2.screen-subtitle', title),
    h('p.hint', t('track.asOf', { date: today.asOf, week: weeks[currentIndex]?.week || '' }),
      repId ? null : ` ${t('track.repCount', { count: items.length })}`),
    summaryHost, repId ? null : teamHost, weekHost, chartsHost);

  const unitOf = (m) => unitSuffix(plan, m);
  const fmt = (m, v) => cellValue(plan, m, v);
  const whole = rollUp(plan, items);
  const pct = (v) => (v === null || v === undefined ? '—' : formatBps(v, locale()));
  const cols = (list, unitFor) => list.map((c) => th(`${t(`track.col.${c}`)}${unitFor ? unitFor(c) : ''}`, 'num'));
  const FIGURE_COLS = ['targetToDate', 'actualToDate', 'attainment', 'pace', 'forecast'];
  const figureCells = (m, p = {}) => [
    figure('target_to_date', fmt(m, p.target_to_date)),
    figure('actual_to_date', fmt(m, p.actual_to_date)),
    figure('attainment_bps', pct(p.attainment_bps)),
    figure('pace_bps', pct(p.pace_bps)),
    figure('forecast', fmt(m, p.forecast))];

  function renderSummary() {
    const rows = plan.metrics.map((m) => {
      const s = repId ? items[0].metrics[m.key] : whole.metrics[m.key];
      return h('tr', { dataset: { metric: m.key } },
        rowTh(metricLabel(m, plan)),
        figure('target', fmt(m, s?.target)),
        figureCells(m, s), h('td', paceTag(s?.pace_bps)));
    });
    const lagging = repId ? items[0].lagging_stage : whole.lagging_stage;
    replace(summaryHost,
      h('h2', { id: 'track-summary' }, t('track.summary')),
      lagging ? h('p.lagging', h('strong', t('track.lagging')), ' ', metricName(lagging), ' ',
        paceTag((repId ? items[0].metrics : whole.metrics)[lagging]?.pace_bps), h('span.hint', ` ${t('track.laggingBody')}`)) : null,
      dataTable('table--numbers.track-summary', t('track.summary'),
        h('thead', h('tr', th(t('table.metric')), cols(['target', ...FIGURE_COLS]), th(t('team.col.status')))),
        h('tbody', rows)),
      h('p.hint', t('track.about')));
  }

  // The points: progress at the end of every plan week (month ends for large teams); this week's actual is today's.
  async function samples() {
    const weekly = repId || items.length <= WEEKLY_UP_TO;
    const points = weeks.map((w, i) => ({ i, asOf: w.end }))
      .filter((p, i) => weekly || Math.abs(i - currentIndex) <= 1 || i === weeks.length - 1
        || weeks[i + 1]?.start.slice(0, 7) !== weeks[i].start.slice(0, 7));
    const unit = repId ? assignment?.unit_id || null : ctx.params.unit || null;
    const read = await pool(points.map((p) => async () => (p.asOf === today.asOf ? today : progress(plan.id, { unit, asOf: p.asOf }))));
    const figuresOf = (list) => (repId ? list.find((i) => sameId(i.rep_id, repId))?.metrics || {} : rollUp(plan, list).metrics);
    const now = figuresOf(today.items);
    return points.map((p, k) => {
      const figures = figuresOf(read[k].items);
      const current = p.i === currentIndex && !after;
      return { ...p, figures, actual: current ? now : figures, actualAsOf: current ? today.asOf : p.asOf };
    });
  }

  function axis(i) {
    const w = weeks[i];
    const monthStart = i === 0 || w.start.slice(0, 7) !== weeks[i - 1].start.slice(0, 7);
    if (!monthStart) return null;
    const index = Number(w.start.slice(5, 7)) - Number(plan.start_month.slice(5, 7));
    const narrow = (chartsHost.clientWidth || ctx.main.clientWidth) < 600;
    return !narrow || ((index % 12) + 12) % 3 === 0 ? formatMonth(w.start.slice(0, 7)).replace(/ \d{4}$|\d{4}年/, '') : null;
  }

  function renderCharts(points) {
    const width = chartsHost.clientWidth || ctx.main.clientWidth;
    const blocks = plan.metrics.map((m) => {
      const value = (p, k) => p.figures[m.key]?.[k];
      const target = points.map((p) => ({ i: p.i, value: value(p, 'target_to_date') ?? 0 }));
      const actual = points.filter((p) => p.i <= currentIndex).map((p) => ({ i: p.i, value: p.actual[m.key]?.actual_to_date ?? 0 }));
      const now = repId ? items[0].metrics[m.key] : whole.metrics[m.key];
      const forecast = now?.forecast === null || now?.forecast === undefined ? []
        : [{ i: currentIndex, value: now.actual_to_date }, { i: weeks.length - 1, value: now.forecast }];
      const chartTitle = t('track.chartTitle', { metric: metricLabel(m, plan) });
      return h('div.track-chart', { dataset: { metric: m.key } },
        lineChart({
          title: chartTitle, width, axis,
          categories: weeks.map((w) => w.week),
          series: [
            { key: 'target', name: t('track.col.targetToDate'), points: target },
            { key: 'actual', name: t('track.col.actualToDate'), points: actual },
            { key: 'forecast', name: t('track.line.forecast'), points: forecast },
          ],
          format: (v) => fmt(m, v),
          axisFormat: (v) => formatValue(v, m.unit, plan.currency, locale(), { symbol: false, whole: m.unit === 'currency' }),
          minStep: m.unit === 'currency' ? 10 ** minorDigits(plan.currency) : 1,
        }),
        h('details.track-numbers',
          h('summary', t('track.numbers', { metric: metricName(m.key) })),
          dataTable('table--numbers.track-weeks', chartTitle,
            h('thead', h('tr', th(t('track.col.week')), th(t('track.col.asOf')), cols(['targetToDate', 'actualToDate'], () => unitOf(m)))),
            h('tbody', points.map((p) => h('tr', { dataset: { asOf: p.asOf, actualAsOf: p.actualAsOf, index: p.i } },
              rowTh(weeks[p.i].week),
              h('td', p.asOf),
              figure('target_to_date', fmt(m, value(p, 'target_to_date'))),
              figure('actual_to_date', p.i <= currentIndex ? fmt(m, p.actual[m.key]?.actual_to_date) : '—')))))));
    });
    replace(chartsHost, h('h2', { id: 'track-charts' }, t('track.charts')), h('div.track-charts', blocks),
      h('p.hint', t('track.chartNote')));
  }

  // This week: the weekly breakdown's rows of the week (a week across two months has one row per month).
  async function renderWeek(points) {
    const w = weeks[currentIndex];
    const prev = points.find((p) => p.i === currentIndex - 1);
    const here = points.find((p) => p.i === currentIndex);
    const next = points.find((p) => p.i === currentIndex + 1);
    let weekTargets = null;
    let nextTargets = null;
    if (repId) {
      const { data } = await api('GET', `/v1/plans/${seg(plan.id)}/breakdown?rep_id=${seg(repId)}&grain=week`);
      const of = (week) => {
        const rows = data.items.filter((r) => r.week === week);
        return rows.length ? Object.fromEntries(plan.metrics.map((m) => [m.key, rows.reduce((a, r) => a + big(r.values[m.key]), 0n)])) : null;
      };
      weekTargets = of(w.week);
      nextTargets = weeks[currentIndex + 1] ? of(weeks[currentIndex + 1].week) : null;
    } else if (here) {
      // For a team, the same rows summed: the target to date at a week's end is the sum of the weeks so far.
      const diff = (a, b) => Object.fromEntries(plan.metrics.map((m) => [m.key, big(a?.figures[m.key]?.target_to_date) - big(b?.figures[m.key]?.target_to_date)]));
      weekTargets = diff(here, prev);
      nextTargets = next ? diff(next, here) : null;
    }
    const nowFigures = repId ? items[0].metrics : whole.metrics;
    const rows = plan.metrics.map((m) => {
      const target = weekTargets ? weekTargets[m.key] : null;
      const done = big(nowFigures[m.key]?.actual_to_date) - big(prev?.figures[m.key]?.actual_to_date);
      const left = target === null ? null : target - done;
      return h('tr', { dataset: { metric: m.key } },
        rowTh(metricLabel(m, plan)),
        figure('week_target', fmt(m, target)),
        figure('week_actual', fmt(m, done)),
        h('td', left === null ? '—' : left <= 0n ? tag(t('track.weekDone'), 'green') : t('track.weekLeft', { value: fmt(m, left) })),
        h('td.num', fmt(m, nextTargets ? nextTargets[m.key] : null)));
    });
    const title = t('track.week', { week: w.week });
    replace(weekHost, h('h2', { id: 'track-week' }, title), h('p.hint', t('track.weekAbout', { from: w.start, to: w.end })),
      dataTable('table--numbers.track-week', title,
        h('thead', h('tr', th(t('table.metric')), cols(['weekTarget', 'weekActual']), th(t('track.col.weekLeft')), cols(['nextWeek']))),
        h('tbody', rows)));
  }

  const metricSelectId = uid('metric');
  const sortId = uid('sort');
  function renderTeam() {
    const m = plan.metrics.find((x) => x.key === state.metric);
    const sorted = [...items].sort((a, b) => {
      if (state.sort === 'name') return a.name.localeCompare(b.name, locale());
      const pa = state.sort === 'metric' ? a.metrics[m.key]?.pace_bps : worstPace(a);
      const pb = state.sort === 'metric' ? b.metrics[m.key]?.pace_bps : worstPace(b);
      if (pa === null || pa === undefined) return pb === null || pb === undefined ? a.name.localeCompare(b.name) : 1;
      if (pb === null || pb === undefined) return -1;
      return big(pa) < big(pb) ? -1 : big(pa) > big(pb) ? 1 : a.name.localeCompare(b.name);
    });
    const { slice, pager } = paged(sorted, state, PAGE, renderTeam);
    // Re-rendered on a change: the new select takes the old one's id, and the focus.
    const select = choice(metricOptions(plan), state.metric, (key) => {
      state.metric = key;
      renderTeam();
      document.getElementById(metricSelectId)?.focus();
    }, { id: metricSelectId });
    const sort = choice(['behind', 'metric', 'name'].map((k) => [k, t(`track.sort.${k}`)]), state.sort || 'behind', (k) => {
      state.sort = k;
      state.page = 0;
      renderTeam();
      document.getElementById(sortId)?.focus();
    }, { id: sortId });
    const table = dataTable('table--numbers.track-team', t('track.team'),
      h('thead', h('tr', th(t('track.col.rep')), th(t('track.col.lagging')), th(t('team.col.status')),
        cols(FIGURE_COLS, (c) => (['attainment', 'pace'].includes(c) ? '' : unitOf(m))))),
      h('tbody', slice.length ? slice.map((r) => h('tr', { dataset: { repId: r.rep_id } },
        rowTh(h('a', { href: `#/plans/${plan.id}/tracking/rep/${r.rep_id}` }, r.name)),
        h('td', r.lagging_stage ? metricName(r.lagging_stage) : '—'),
        h('td', paceTag(worstPace(r))), figureCells(m, r.metrics[m.key])))
        : h('tr', h('td', { colSpan: 8 }, t('track.noReps')))),
      h('tfoot', h('tr', rowTh(t('team.total')), h('td', whole.lagging_stage ? metricName(whole.lagging_stage) : '—'),
        h('td', paceTag(whole.metrics[m.key].pace_bps)), figureCells(m, whole.metrics[m.key]))));
    replace(teamHost,
      h('h2', { id: 'track-team' }, t('track.team')),
      h('p.hint', t('track.teamAbout')),
      h('div.controls',
        inlineField(t('track.sortBy'), sort), inlineField(t('table.metric'), select)),
      table, pager);
  }

  renderSummary();
  if (!repId) renderTeam();
  replace(chartsHost, h('h2', { id: 'track-charts' }, t('track.charts')), loadingNote(t('track.loadingLines')));
  replace(weekHost, h('h2', { id: 'track-week' }, t('track.week', { week: weeks[currentIndex].week })), loadingNote(t('loading')));
  await load(chartsHost, async () => {
    const points = await samples();
    if (!ctx.isCurrent()) return;
    renderCharts(points);
    await renderWeek(points);
    redrawOnResize(ctx, () => renderCharts(points));
  });
  view.dataset.ready = 'true';
}
