// Pieces every plan screen shares: the plan's header and tabs, names of people, state in words.
import { api, all, seg, versioned } from '../api.js';
import { h, replace, sameId } from '../dom.js';
import { t, tOr, locale, formatMonth, planMonths } from '../i18n.js';
import { formatValue, formatMoney, formatCount, formatBps, deviationBps } from '../money.js';
import { load, tag, secondaryButton } from '../forms.js';
import { follow } from '../live.js';
import { barChart } from '../chart.js';

export const STATE_TONES = {
  draft: 'grey', proposed: 'blue', in_discussion: 'yellow', pending_approval: 'purple', locked: 'green', archived: 'grey',
  awaiting_estimate: 'red', estimate_submitted: 'blue', countered: 'yellow', agreed: 'green',
  open: 'blue', accepted: 'green', superseded: 'grey',
  submitted: 'blue', pending: 'blue', approved: 'green', rejected: 'red', withdrawn: 'grey',
};

export function stateTag(kind, value) {
  return tag(t(`${kind}.${value}`), STATE_TONES[value] || 'grey');
}

export function heading(text) {
  return h('h1', { tabIndex: -1 }, text);
}

/** A section labelled by its h2 `#id` (in `content`, or put in later). */
export function section(id, ...content) {
  return h('section.section', { attrs: { 'aria-labelledby': id } }, ...content);
}

/** "Your plans › <here>" */
export function breadcrumbs(here) {
  return h('nav.breadcrumbs', { attrs: { 'aria-label': t('nav.breadcrumbs') } },
    h('ol', h('li', h('a', { href: '#/' }, t('nav.home'))), h('li', here)));
}

/** Renders a screen's container and loads its data into it; null when that failed or the screen was left. */
export async function screen(ctx, fn) {
  const view = h('div');
  replace(ctx.main, view);
  return (await load(view, fn)) && ctx.isCurrent() ? view : null;
}

/** Jan 2027 – Dec 2027 */
export function planPeriod(plan) {
  const months = planMonths(plan.start_month, plan.months);
  return `${formatMonth(months[0])} – ${formatMonth(months[months.length - 1])}`;
}

/** Display names of users; managers and leaders may read them, reps only their own. */
const names = new Map();
export async function nameOf(me, id) {
  if (!id) return '';
  if (sameId(id, me.user.id)) return t('people.you');
  const key = id.toLowerCase();
  if (names.has(key)) return names.get(key);
  if (me.user.role === 'rep') return null;
  const promise = api('GET', `/v1/users/${seg(id)}`).then(({ data }) => data.name).catch(() => null);
  names.set(key, promise);
  const name = await promise;
  names.set(key, name);
  return name;
}

export function rememberName(id, name) {
  if (id && name) names.set(id.toLowerCase(), name);
}

/** The plan's header: breadcrumbs, name, state, tabs for the screens the caller's role has. */
export function planHeader(me, plan, active, { live } = {}) {
  const role = me.user.role;
  const tabs = [];
  const tab = (key, label, path = key) => tabs.push([key, `#/plans/${plan.id}/${path}`, t(label)]);
  if (role === 'rep') tab('targets', 'tab.myTargets', `targets/${me.user.id}`);
  else tab('team', 'tab.myTeam');
  if (role !== 'rep') tab('approval', 'tab.approval');
  if (role === 'leader' || role === 'manager') tab('setup', 'tab.setup');
  // A manager reaches a rep's explanation from that rep's page, whose address names the rep.
  const shown = /^#\/plans\/[^/]+\/(?:targets|explain)\/([^/]+)$/.exec(location.hash);
  const rep = role === 'rep' ? me.user.id : shown?.[1];
  if (rep && plan.state !== 'draft') tab('explain', 'tab.explain', `explain/${rep}`);
  if (role !== 'rep') tab('audit', 'tab.audit');
  // tracking, import, quarterly review: once a plan is locked it is followed week by week and reviewed.
  if (['locked', 'archived'].includes(plan.state)) {
    tab('tracking', 'tab.tracking');
    tab('review', 'review.title');
  }
  return h('div.plan-header',
    breadcrumbs(plan.name),
    h('div.plan-title-row',
      heading(plan.name),
      h('p.plan-meta', stateTag('plan', plan.state), ' ', h('span', planPeriod(plan)), ' · ', h('span', plan.currency),
        live ? h('span', ' · ', live.el) : null)),
    tabs.length > 1 || active !== tabs[0]?.[0]
      ? h('nav.tabs', { attrs: { 'aria-label': t('nav.planScreens') } },
        h('ul', tabs.map(([key, href, label]) => h('li', h('a', {
          href, class: key === active ? 'tab--active' : '', attrs: { 'aria-current': key === active ? 'page' : null },
        }, label)))))
      : null);
}

/** "Live" / "Updating every second" / "Reconnecting…", kept up to date by the live follower. */
export function liveIndicator() {
  const el = h('span.live', { attrs: { role: 'status' } });
  const set = (status) => {
    el.className = `live live--${status}`;
    el.textContent = t(`live.${status}`);
  };
  set('connecting');
  return { el, set };
}

/**
 * Keeps a screen live: `refresh()` runs after every change of the plan (never two at once) until the screen
 * is left; `live` shows how.
 */
export async function keepLive(ctx, plan, live, refresh, units) {
  let busy = false;
  const follower = follow(plan.id, {
    stream: await mayStream(ctx.me, plan, units),
    onStatus: live.set,
    onChange: async () => {
      if (busy) return;
      busy = true;
      try {
        await refresh();
      } catch (error) {
        if (error.network) live.set('offline');
      } finally {
        busy = false;
      }
    },
  });
  ctx.onLeave(() => follower.stop());
}

/**
 * Whether the caller may read the plan's whole event log (the live stream): admins, leaders, viewers and
 * managers of the plan's scope or above. Others would get 403, so they poll instead.
 */
export async function mayStream(me, plan, units) {
  if (['admin', 'leader', 'viewer'].includes(me.user.role)) return true;
  if (me.user.role !== 'manager') return false;
  const list = units || (await all('/v1/units').catch(() => []));
  const byId = new Map(list.map((u) => [u.id.toLowerCase(), u]));
  for (let c = byId.get(plan.unit_id.toLowerCase()); c; c = c.parent_id ? byId.get(c.parent_id.toLowerCase()) : null) {
    if (sameId(c.manager_id, me.user.id)) return true;
  }
  return false;
}

export function metricLabel(metric, plan) {
  const name = metricName(metric.key);
  if (metric.unit === 'currency') return `${name} (${plan.currency})`;
  if (metric.unit === 'ratio') return `${name} (%)`;
  return name;
}

export const metricOptions = (plan) => plan.metrics.map((m) => [m.key, metricLabel(m, plan)]);

export function metricName(key) {
  return tOr(`metric.${key}`, key);
}

export async function loadPlan(planId) {
  return versioned(await api('GET', `/v1/plans/${seg(planId)}`));
}

/** Each unit's children, by the parent's lower-cased id ('' for the roots). */
function childrenOf(units) {
  const children = new Map();
  for (const u of units) {
    const p = (u.parent_id || '').toLowerCase();
    if (!children.has(p)) children.set(p, []);
    children.get(p).push(u);
  }
  return children;
}

/** Units below (and including) `root`. */
export function subtree(units, root) {
  const children = childrenOf(units);
  const out = new Set();
  const stack = [String(root).toLowerCase()];
  while (stack.length) {
    const id = stack.pop();
    if (out.has(id)) continue;
    out.add(id);
    for (const c of children.get(id) || []) stack.push(c.id.toLowerCase());
  }
  return out;
}

/** Units in tree order (parents before children), each with its depth below `root`. */
export function treeOrder(units, root) {
  const children = childrenOf(units);
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  const out = [];
  const visit = (u, depth) => {
    out.push({ unit: u, depth });
    for (const c of children.get(u.id.toLowerCase()) || []) visit(c, depth + 1);
  };
  if (root) visit(root, 0);
  return out;
}

/** A metric's value in a table cell: the currency is in the column header, a missing value is a dash. */
export function cellValue(plan, metric, v) {
  return v === null || v === undefined ? '—' : formatValue(v, metric.unit, plan.currency, locale(), { symbol: false });
}

export function unitSuffix(plan, metric) {
  return metric.unit === 'currency' ? ` (${plan.currency})` : '';
}

/** "exactly on goal" / "3 % below goal" / "2 % above goal" for agreed against goal; '' without a goal. */
export function goalGap(totals) {
  const dev = totals.goal ? deviationBps(totals.sum_agreed, totals.goal) : null;
  if (dev === null) return '';
  if (dev === 0n) return t('team.onGoal');
  return t(dev < 0n ? 'team.belowGoal' : 'team.aboveGoal', { pct: formatBps(dev < 0n ? -dev : dev, locale()) });
}

export function toleranceTag(totals) {
  if (totals.within_tolerance === null) return null;
  return totals.within_tolerance ? tag(t('team.withinTolerance'), 'green') : tag(t('team.outsideTolerance'), 'red');
}

/** "400 qualified leads × 20 % win rate × ¥25,000.00 average deal = … implied revenue." */
export function funnelText(plan, a, implied) {
  const money = (v) => formatMoney(v, plan.currency, locale());
  return t('timeline.funnelBody', {
    leads: formatCount(a.qualified_leads, locale()), rate: formatBps(a.win_rate_bps, locale()), size: money(a.avg_deal_size),
    implied: implied !== undefined ? money(implied) : '—',
  });
}

export function verdictTag(consistent) {
  return h(`span.verdict-tag.verdict--${consistent ? 'ok' : 'bad'}`, t(consistent ? 'form.consistent' : 'form.inconsistent'));
}

/** Which metrics count in ramp months and which after them, in words. */
export function rampMetrics(plan) {
  const names = (ramp) => plan.metrics.filter((m) => (m.applies !== 'post_ramp') === ramp).map((m) => metricName(m.key)).join(', ') || '—';
  return t('targets.rampMetrics', { during: names(true), after: names(false) });
}

/** A bar chart at the width of `host` with a note under it; `host` is hidden when there is nothing to draw. */
export function showBars(ctx, host, chart, note) {
  host.hidden = !chart.categories.length || !chart.series.length;
  replace(host, host.hidden ? null : barChart({ width: host.clientWidth || ctx.main.clientWidth, ...chart }), host.hidden ? null : note);
}

/** Redraws a chart (debounced) while the window is resized: charts are drawn at the width they are shown at. */
export function redrawOnResize(ctx, draw) {
  let timer = null;
  const onResize = () => { clearTimeout(timer); timer = setTimeout(draw, 150); };
  window.addEventListener('resize', onResize);
  ctx.onLeave(() => window.removeEventListener('resize', onResize));
}

/** One page of `rows` (state.page kept in range) and the pager for it; `single` stands in when all rows fit. */
export function paged(rows, state, size, rerender, single = null) {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  state.page = Math.min(state.page, pages - 1);
  const slice = rows.slice(state.page * size, state.page * size + size);
  const go = (step) => () => { state.page += step; rerender(); };
  const pager = pages > 1 ? h('nav.pager', { attrs: { 'aria-label': t('team.pages') } },
    secondaryButton(t('team.prev'), go(-1), '', { disabled: state.page === 0 }),
    h('span', t('team.pageOf', { from: state.page * size + 1, to: state.page * size + slice.length, total: rows.length })),
    secondaryButton(t('team.next'), go(1), '', { disabled: state.page >= pages - 1 }))
    : single;
  return { slice, pager };
}
