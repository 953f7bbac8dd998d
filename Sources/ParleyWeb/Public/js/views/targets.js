// One rep's assignment ("My targets", or the rep's page for a manager): the negotiation, kept live.
import { api, seg, versioned } from '../api.js';
import { h, replace, sameId } from '../dom.js';
import { t, locale, formatMonth, formatDateTime, planMonths, monthLabels } from '../i18n.js';
import { announce, problemText, failure, secondaryButton } from '../forms.js';
import { formatValue, formatMoney, sum, allWhole } from '../money.js';
import { metricMonthsTable } from './month-table.js';
import {
  planHeader, liveIndicator, keepLive, stateTag, metricLabel, nameOf, loadPlan, redrawOnResize, section, screen, funnelText,
  verdictTag, rampMetrics, showBars,
} from './common.js';
import { proposalForm, applies } from './proposal-form.js';
import { commentThread } from './comments.js';

const OPEN_STATES = ['proposed', 'in_discussion'];

export async function show(ctx) {
  const { plan: planId, rep: repId } = ctx.params;
  const me = ctx.me;
  const mySide = me.user.role === 'rep' ? (sameId(me.user.id, repId) ? 'rep' : null)
    : ['manager', 'leader'].includes(me.user.role) ? 'manager' : null;
  let plan;
  let assignment;
  let explain = null;
  let repName = null;
  const view = await screen(ctx, async () => {
    const [p, a] = await Promise.all([
      loadPlan(planId),
      api('GET', `/v1/plans/${seg(planId)}/assignments/${seg(repId)}`),
    ]);
    plan = p;
    assignment = versioned(a);
    explain = await api('GET', `/v1/plans/${seg(planId)}/assignments/${seg(repId)}/explain`).then((r) => r.data).catch(() => null);
    repName = mySide === 'rep' ? me.user.name : (await nameOf(me, repId)) || t('people.rep');
  });
  if (!view) return;
  document.title = `${mySide === 'rep' ? t('tab.myTargets') : repName} – ${plan.name}`;

  const live = liveIndicator();
  const notices = h('div.notices');
  const statusHost = h('section.section.status-panel', { attrs: { 'aria-labelledby': 'status-title' } });
  const agreedHost = h('section.section');
  const chartHost = h('section.section');
  const timelineHost = section('timeline-title');
  const formHost = section('form-title');
  const comments = commentThread(ctx, planId, repId);
  const months = planMonths(plan.start_month, plan.months);
  const labels = monthLabels(months);
  let form = null;

  const headerHost = h('div');
  replace(view, headerHost, notices,
    h('h2.screen-subtitle', mySide === 'rep' ? t('tab.myTargets') : t('targets.repTitle', { name: repName })),
    statusHost, agreedHost, chartHost, timelineHost, formHost, comments.el);

  function acceptable() {
    if (!mySide || !OPEN_STATES.includes(plan.state)) return [];
    return assignment.proposals.filter((p) => p.status === 'open' && p.side !== mySide);
  }

  function nextStep() {
    if (plan.state === 'locked' || plan.state === 'archived') return t('next.locked');
    if (plan.state === 'pending_approval') return t('next.pending');
    if (plan.state === 'draft') return t('next.draft');
    const who = mySide === 'rep' ? 'rep' : 'manager';
    return t(`next.${who}.${assignment.state}`);
  }

  function renderStatus() {
    const items = [
      h('h2', { id: 'status-title' }, t('targets.status')),
      h('p.status-line', stateTag('assignment', assignment.state), ' ', h('span', t(`maturity.${assignment.maturity}`))),
      h('p.next-step', h('strong', t('targets.next')), ' ', nextStep()),
    ];
    if (assignment.ramp_months_in_plan > 0) {
      const rampEnd = months[Math.min(assignment.ramp_months_in_plan, months.length) - 1];
      items.push(h('div.ramp-note',
        h('p', h('strong', t('targets.ramp')), ' ', t('targets.rampBody', {
          count: assignment.ramp_months_in_plan, from: formatMonth(months[0]), to: formatMonth(rampEnd),
        })),
        h('p', rampMetrics(plan))));
    }
    const open = acceptable();
    for (const p of open) {
      const revenue = p.values.revenue?.annual;
      items.push(h('div.action-panel',
        h('p', t(mySide === 'rep' ? 'targets.counterWaiting' : 'targets.estimateWaiting', {
          value: revenue !== undefined ? formatMoney(revenue, plan.currency, locale()) : '',
        })),
        h('button.button', { type: 'button', on: { click: () => accept(p) } },
          mySide === 'rep' ? t('targets.acceptCounter') : t('targets.acceptEstimate'))));
    }
    if (form) form.submit.classList.toggle('button--secondary', open.length > 0);
    replace(statusHost, items);
  }

  function valuesTable(values, caption) {
    return metricMonthsTable(plan, caption, {
      colClass: (i) => (i < assignment.ramp_months_in_plan ? 'col--ramp' : ''),
      row: (metric) => {
        const v = values?.[metric.key];
        const list = v?.months || months.map(() => 0);
        const annual = v?.annual ?? sum(list);
        // A row of whole amounts drops the ".00": still exact, and the twelve months fit on a laptop screen.
        const opts = { symbol: false, whole: metric.unit === 'currency' && allWhole([...list, annual], plan.currency) };
        return [
          list.map((x, i) => h('td.num', { class: applies(metric, i, assignment.ramp_months_in_plan) ? '' : 'cell--na' },
            formatValue(x, metric.unit, plan.currency, locale(), opts))),
          h('td.num.total', formatValue(annual, metric.unit, plan.currency, locale(), opts))];
      },
    });
  }

  function renderAgreed() {
    if (!assignment.agreed) { replace(agreedHost); agreedHost.hidden = true; return; }
    agreedHost.hidden = false;
    replace(agreedHost, h('h2', t('targets.agreed')),
      plan.state === 'locked' ? h('p', stateTag('plan', 'locked'), ' ', t('targets.lockedBody')) : null,
      valuesTable(assignment.agreed, t('targets.agreed')));
  }

  function renderChart() {
    const revenue = plan.metrics.find((m) => m.key === 'revenue') || plan.metrics[0];
    const latest = (side) => [...assignment.proposals].reverse().find((p) => p.side === side);
    const series = [];
    const rep = latest('rep');
    const mgr = latest('manager');
    if (rep) series.push({ name: mySide === 'rep' ? t('chart.yourLatest') : t('chart.repLatest'), values: rep.values[revenue.key]?.months || [] });
    if (mgr) series.push({ name: t('chart.managerLatest'), values: mgr.values[revenue.key]?.months || [] });
    if (assignment.agreed) series.push({ name: t('team.col.agreed'), values: assignment.agreed[revenue.key]?.months || [] });
    showBars(ctx, chartHost, {
      title: t('chart.byMonth', { metric: metricLabel(revenue, plan) }),
      categories: labels,
      series,
      format: (v) => formatValue(v, revenue.unit, plan.currency, locale(), { symbol: false }),
    }, h('p.hint', t('chart.tableNote')));
  }

  async function proposalItem(p, index) {
    let who;
    if (p.side === 'rep') who = mySide === 'rep' ? t('people.you') : repName;
    else who = (await nameOf(me, p.author_id)) || t('people.yourManager');
    const kind = t(`kind.${p.kind}.${p.side}`);
    const a = p.assumptions;
    return h('li.timeline-item', { class: `timeline-item--${p.side}`, dataset: { proposalId: p.id, status: p.status } },
      h('div.timeline-head',
        h('h3.timeline-title', `${index + 1}. ${kind}`),
        stateTag('proposal', p.status)),
      h('p.timeline-meta', t('timeline.by', { who }), ' · ', h('time', { dateTime: p.created_at }, formatDateTime(p.created_at))),
      valuesTable(p.values, `${kind}, ${formatDateTime(p.created_at)}`),
      a ? h('p.funnel-line', h('strong', t('timeline.funnel')), ' ', funnelText(plan, a, p.implied?.revenue), ' ', verdictTag(p.consistent))
        : null,
      p.rationale ? h('div.rationale', h('p.rationale-label', t('form.rationale')), h('p.rationale-body', p.rationale)) : null,
      acceptable().some((x) => x.id === p.id)
        ? secondaryButton(t('timeline.accept', { kind }), () => accept(p))
        : null);
  }

  async function renderTimeline() {
    const items = await Promise.all(assignment.proposals.map((p, i) => proposalItem(p, i)));
    replace(timelineHost, h('h2', { id: 'timeline-title' }, t('timeline.title')),
      items.length ? h('ol.timeline', items) : h('p.hint', t(mySide === 'rep' ? 'timeline.emptyRep' : 'timeline.empty')));
  }

  function formTitle() {
    if (mySide !== 'rep') return t('form.titleCounter');
    return assignment.proposals.some((p) => p.side === 'rep') ? t('form.titleCounterRep') : t('form.titleEstimate');
  }

  function renderForm() {
    if (form) {
      form.relabel(assignment);
      const title = formHost.querySelector('#form-title');
      if (title) title.textContent = formTitle();
    }
    if (!mySide || !OPEN_STATES.includes(plan.state)) {
      form = null;
      replace(formHost, mySide ? h('p.hint', t('form.closed')) : null);
      return;
    }
    if (form) return; // keep what the person typed
    const latest = assignment.proposals[assignment.proposals.length - 1];
    const ownLatest = [...assignment.proposals].reverse().find((p) => p.side === mySide);
    // Values start from the latest proposal of either side; the funnel only from the person's own side.
    const prefill = latest ? { values: latest.values, assumptions: ownLatest?.assumptions } : null;
    form = proposalForm({
      plan, assignment, side: mySide, explain, prefill,
      onSubmitted: async () => { replace(notices); await refresh(); },
      onConflict: async () => conflict('proposal'),
    });
    const body = [h('h2', { id: 'form-title' }, formTitle()), form.el];
    replace(formHost, assignment.state === 'agreed'
      ? h('details.reopen', h('summary', t('form.reopen')), ...body) : body);
  }

  async function conflict(what) {
    const before = assignment.version;
    await refresh();
    if (form) form.rebase(assignment.version);
    const latest = assignment.proposals[assignment.proposals.length - 1];
    announce(notices, 'error', t('conflict.title'),
      h('p', t(what === 'accept' ? 'conflict.acceptBody' : 'conflict.body')),
      latest ? h('div', h('p', h('strong', t('conflict.latest')), ' ',
        t(`kind.${latest.kind}.${latest.side}`), ', ', formatDateTime(latest.created_at)),
      valuesTable(latest.values, t('conflict.latest'))) : null,
      h('p.hint', t('conflict.versions', { before, after: assignment.version })));
  }

  async function accept(p) {
    try {
      assignment = versioned(await api('POST',
        `/v1/plans/${seg(planId)}/assignments/${seg(repId)}/proposals/${seg(p.id)}/accept`, { ifMatch: assignment.version }));
      const b = announce(notices, 'success', t('assignment.agreed'), h('p', t('targets.acceptedBody')));
      renderAll();
      b.focus();
    } catch (error) {
      if (error.status === 412) return conflict('accept');
      announce(notices, 'error', t('targets.acceptFailed'), h('p', problemText(error)));
      await refresh().catch(() => {});
    }
  }

  function renderAll() {
    replace(headerHost, planHeader(me, plan, mySide === 'rep' ? 'targets' : 'team', { live }));
    renderStatus();
    renderAgreed();
    renderChart();
    renderForm();
    return renderTimeline();
  }

  async function refresh() {
    const [p, a] = await Promise.all([
      loadPlan(planId), api('GET', `/v1/plans/${seg(planId)}/assignments/${seg(repId)}`),
    ]);
    const changed = p.version !== plan.version || p.state !== plan.state || a.version !== assignment.version
      || a.data.proposals.length !== assignment.proposals.length;
    const stateChanged = p.state !== plan.state;
    plan = p;
    assignment = versioned(a);
    if (stateChanged) form = null;
    if (changed) await renderAll();
  }

  await renderAll();
  redrawOnResize(ctx, renderChart);
  await comments.refresh(true).catch((error) => replace(comments.el, failure(error, () => comments.refresh(true))));

  await keepLive(ctx, plan, live, async () => {
    await refresh();
    await comments.refresh();
  });
}
