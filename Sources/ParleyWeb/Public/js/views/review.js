// The quarterly review of a locked plan: adjustments with their impact previewed, decisions on them, and the
// revisions of a rep's targets. Only months after the current one (by the server's date) may change.
import { api, all, seg, newKey, idempotency } from '../api.js';
import { h, replace, uid, sameId, dataTable, th, rowTh, figure } from '../dom.js';
import { t, formatDateTime, formatMonth, planMonths } from '../i18n.js';
import {
  load, field, FormErrors, summaryHost, banner, apiFieldErrors, problemText, failure, numberInput, parseProblem, secondaryButton, choice,
} from '../forms.js';
import { parseValue, inputText, minorDigits } from '../money.js';
import { metricMonthsTable } from './month-table.js';
import {
  planHeader, stateTag, metricLabel, metricOptions, metricName, loadPlan, nameOf as userName, subtree, cellValue, section, screen,
} from './common.js';
import { progress, forgetProgress } from './tracking.js';

export async function show(ctx) {
  const { plan: planId } = ctx.params;
  const me = ctx.me;
  let plan;
  let units;
  let goals;
  let today;
  const view = await screen(ctx, async () => {
    [plan, units, goals] = await Promise.all([loadPlan(planId), all('/v1/units'), all(`/v1/plans/${seg(planId)}/goals`).catch(() => [])]);
    // The server's date decides which months may change; progress states it.
    const { data } = await api('GET', `/v1/plans/${seg(planId)}/progress?limit=1`);
    today = data.as_of;
  });
  if (!view) return;
  document.title = `${t('review.title')} – ${plan.name}`;
  const months = planMonths(plan.start_month, plan.months);
  const mayChange = (month) => month > today.slice(0, 7);
  const byId = new Map(units.map((u) => [u.id.toLowerCase(), u]));
  const scope = subtree(units, plan.unit_id);
  const isRep = me.user.role === 'rep';
  const requester = ['manager', 'leader'].includes(me.user.role) && plan.state === 'locked';
  const names = new Map();
  const nameOf = (id) => names.get(String(id).toLowerCase()) || (sameId(id, me.user.id) ? me.user.name : t('people.someone'));
  const fmt = (metric, v) => cellValue(plan, metric, v);
  const metricOf = (key) => plan.metrics.find((m) => m.key === key) || { key, unit: 'count' };

  const notices = h('div.notices');
  const requestHost = section('review-request');
  const listHost = section('review-list');
  const revisionsHost = section('review-revisions');
  replace(view, planHeader(me, plan, 'review'), notices, h('h2.screen-subtitle', t('review.title')),
    h('p.hint', t('review.months', { month: formatMonth(today.slice(0, 7), 'long') })),
    isRep ? null : requestHost, isRep ? null : listHost, revisionsHost);

  // Reps to choose from: those the caller may see in a unit's subtree, with their names (from progress).
  const unitChoices = units.filter((u) => scope.has(u.id.toLowerCase()));
  const startUnit = me.user.role !== 'manager' ? plan.unit_id
    : unitChoices.find((u) => sameId(u.manager_id, me.user.id))?.id || me.user.unit_id;
  async function repsOf(unit) {
    const { items } = await progress(plan.id, { unit: isRep ? null : unit });
    for (const r of items) names.set(r.rep_id.toLowerCase(), r.name);
    return items;
  }

  const assignments = new Map(); // rep id → agreed values, for "before" and the preview
  async function agreedOf(rep) {
    const key = rep.toLowerCase();
    if (!assignments.has(key)) {
      assignments.set(key, api('GET', `/v1/plans/${seg(plan.id)}/assignments/${seg(rep)}`).then(({ data }) => data));
    }
    return assignments.get(key);
  }

  function renderRequest() {
    if (!requester) {
      replace(requestHost, h('h2', { id: 'review-request' }, t('review.request')),
        h('p.hint', plan.state === 'locked' ? t('review.requestWho') : t('review.needsLocked')));
      return;
    }
    const summary = summaryHost();
    const errors = new FormErrors(summary);
    const reason = errors.register('reason', field({
      label: t('review.reason'), hint: t('review.reasonHint'), input: h('textarea.textarea', { rows: 3, maxLength: 10000 }),
    }));
    const rowsHost = h('div.change-rows');
    const previewHost = h('div.impact-preview', { attrs: { 'aria-live': 'polite' } });
    const rows = [];
    const keys = idempotency();
    const unitSelect = h('select.select', { id: uid('unit') }, unitChoices.map((u) => h('option', { value: u.id, selected: sameId(u.id, startUnit) }, u.name)));
    const unitField = field({ label: t('review.unit'), hint: t('review.unitHint'), input: unitSelect });
    let reps = [];
    async function loadReps() {
      reps = await repsOf(unitSelect.value);
      for (const r of rows) r.fillReps();
    }
    unitSelect.addEventListener('change', () => loadReps().catch(() => {}));

    function addRow() {
      const index = rows.length;
      const repSelect = h('select.select', { id: uid('rep') });
      const metricSelect = choice(metricOptions(plan));
      const future = months.filter(mayChange);
      const monthSelect = h('select.select', { id: uid('month') }, months.map((m, i) => h('option', {
        value: m, disabled: !mayChange(m), selected: m === future[0],
      }, mayChange(m) ? formatMonth(m, 'long') : `${formatMonth(m, 'long')} – ${t('review.closed')}`)));
      const valueInput = numberInput({ inputMode: 'decimal', id: uid('value') });
      const before = h('p.hint.change-before');
      const row = {
        repSelect, metricSelect, monthSelect, valueInput, before,
        fillReps() {
          const chosen = repSelect.value;
          replace(repSelect, reps.map((r) => h('option', { value: r.rep_id, selected: r.rep_id === chosen }, r.name)));
          updateBefore();
        },
      };
      const path = () => `changes[${rows.indexOf(row)}]`;
      const f = {
        rep: field({ label: t('track.col.rep'), input: repSelect }),
        metric: field({ label: t('table.metric'), input: metricSelect }),
        month: field({ label: t('table.month'), input: monthSelect }),
        value: field({ label: t('review.value'), hint: t('review.valueHint'), input: valueInput }),
      };
      async function updateBefore() {
        if (!repSelect.value) { replace(before); return; }
        const a = await agreedOf(repSelect.value).catch(() => null);
        const m = metricOf(metricSelect.value);
        const i = months.indexOf(monthSelect.value);
        row.current = a?.agreed?.[m.key]?.months?.[i] ?? 0;
        row.unitId = a?.unit_id;
        replace(before, t('review.before', { value: fmt(m, row.current) }));
        if (!valueInput.value) valueInput.value = inputText(row.current, m.unit, plan.currency);
        preview();
      }
      for (const el of [repSelect, metricSelect, monthSelect]) el.addEventListener('change', () => { valueInput.value = ''; updateBefore(); });
      valueInput.addEventListener('input', preview);
      const remove = secondaryButton(t('review.removeChange'), () => {
        rows.splice(rows.indexOf(row), 1);
        el.remove();
        preview();
      });
      const el = h('fieldset.fieldset.change-row',
        h('legend.fieldset-legend', t('review.change', { n: index + 1 })),
        h('div.change-grid', f.rep.wrapper, f.metric.wrapper, f.month.wrapper, h('div', f.value.wrapper, before)),
        index > 0 ? remove : null);
      row.register = () => {
        for (const [name, entry] of [['rep_id', f.rep], ['metric', f.metric], ['month', f.month], ['value', f.value]]) {
          errors.register(`${path()}.${name}`, entry);
        }
      };
      rows.push(row);
      rowsHost.append(el);
      row.fillReps();
      return row;
    }

    function parsedChanges() {
      return rows.map((r) => {
        const m = metricOf(r.metricSelect.value);
        const parsed = parseValue(r.valueInput.value, m.unit, plan.currency);
        return { row: r, metric: m, rep_id: r.repSelect.value, month: r.monthSelect.value, parsed };
      });
    }

    // The impact the server will compute: for every unit with a goal above a changed rep, its goal and the
    // agreed total over its subtree before and after. Totals come from the unit's reconciliation, which the
    // caller may read for the units they manage; the change itself is known for every unit.
    let previewRun = 0;
    async function preview() {
      const run = ++previewRun;
      const changes = parsedChanges().filter((c) => c.rep_id && c.parsed.value !== undefined && c.row.current !== undefined);
      if (!changes.length) { replace(previewHost); return; }
      const metricsChanged = [...new Set(changes.map((c) => c.metric.key))].sort();
      const goalUnits = goals.filter((g) => changes.some((c) => c.row.unitId && subtree(units, g.unit_id).has(c.row.unitId.toLowerCase())))
        .sort((a, b) => (a.unit_id < b.unit_id ? -1 : 1));
      const lines = [];
      for (const g of goalUnits) {
        const inside = subtree(units, g.unit_id);
        for (const key of metricsChanged) {
          const delta = changes.filter((c) => c.metric.key === key && inside.has(c.row.unitId.toLowerCase()))
            .reduce((a, c) => a + c.parsed.value - BigInt(c.row.current), 0n);
          const recon = await api('GET', `/v1/plans/${seg(plan.id)}/reconciliation?unit_id=${seg(g.unit_id)}&metric=${seg(key)}`)
            .then(({ data }) => data.totals).catch(() => null);
          const goal = g.values[key]?.annual ?? 0;
          const beforeSum = recon ? BigInt(recon.sum_agreed) : null;
          lines.push({ unit: g.unit_id, metric: key, goal, before: beforeSum, after: beforeSum === null ? null : beforeSum + delta, delta });
        }
      }
      if (run !== previewRun) return;
      replace(previewHost, h('h3', t('review.impact')), impactTable(lines), h('p.hint', t('review.previewAbout')));
    }

    async function submit(event) {
      event.preventDefault();
      errors.clear();
      rows.forEach((r) => r.register());
      const problems = [];
      if (!reason.input.value.trim()) problems.push({ field: 'reason', message: t('review.reasonRequired') });
      const changes = parsedChanges();
      changes.forEach((c, i) => {
        if (c.parsed.error) problems.push(parseProblem(`changes[${i}].value`, t('review.value'), c.parsed.error, minorDigits(plan.currency)));
        if (!c.rep_id) problems.push({ field: `changes[${i}].rep_id`, message: t('review.chooseRep') });
      });
      if (problems.length) return errors.show(problems);
      const body = { reason: reason.input.value, changes: changes.map((c) => ({ rep_id: c.rep_id, metric: c.metric.key, month: c.month, value: Number(c.parsed.value) })) };
      sendButton.disabled = true;
      try {
        const { data } = await api('POST', `/v1/plans/${seg(plan.id)}/adjustments`, { body, idempotencyKey: keys.for(body) });
        keys.settle();
        const b = banner('success', t('review.requested'), h('p', t('review.requestedBody')), impactTable(data.impact.map(impactLine)));
        replace(notices, b);
        renderRequest();
        await renderList();
        b.focus();
      } catch (error) {
        keys.settle(error);
        if (error.code === 'guard_failed') errors.show((error.body?.reasons || [error.detail]).map((r) => ({ field: null, message: r })));
        else errors.show(apiFieldErrors(error));
      } finally {
        sendButton.disabled = false;
      }
    }

    const sendButton = h('button.button', { type: 'submit' }, t('review.send'));
    const form = h('form.form.review-form', { noValidate: true, on: { submit } },
      summary, reason.wrapper, unitField.wrapper, rowsHost,
      h('div.button-row', secondaryButton(t('review.addChange'), () => { addRow(); })),
      previewHost, h('div.button-row', sendButton));
    replace(requestHost, h('h2', { id: 'review-request' }, t('review.request')), h('p.hint', t('review.requestAbout')), form);
    errors.register('reason', reason);
    addRow();
    loadReps().catch((error) => replace(previewHost, failure(error, loadReps)));
  }

  const impactLine = (i) => ({ unit: i.unit_id, metric: i.metric, goal: i.goal, before: BigInt(i.agreed_before), after: BigInt(i.agreed_after), delta: BigInt(i.agreed_after) - BigInt(i.agreed_before) });
  function impactTable(lines) {
    return dataTable('table--numbers.impact-table', t('review.impact'),
        h('thead', h('tr', th(t('setup.col.unit')), th(t('table.metric')),
          ['team.goal', 'review.col.before', 'review.col.after', 'review.col.delta', 'review.col.gap'].map((k) => th(t(k), 'num')))),
        h('tbody', lines.map((l) => {
          const m = metricOf(l.metric);
          const gap = l.after === null ? null : l.after - BigInt(l.goal);
          return h('tr', { dataset: { unit: l.unit, metric: l.metric } },
            rowTh(byId.get(String(l.unit).toLowerCase())?.name || '—'),
            h('td', metricLabel(m, plan)),
            figure('goal', fmt(m, l.goal)),
            figure('agreed_before', l.before === null ? t('review.notVisible') : fmt(m, l.before)),
            figure('agreed_after', l.after === null ? t('review.notVisible') : fmt(m, l.after)),
            figure('delta', `${l.delta > 0n ? '+' : ''}${fmt(m, l.delta)}`),
            h('td.num', gap === null ? '—' : `${gap > 0n ? '+' : ''}${fmt(m, gap)}`));
        })));
  }

  async function decide(adjustment, action, comment) {
    try {
      await api('POST', `/v1/plans/${seg(plan.id)}/adjustments/${seg(adjustment.id)}/${action}`, {
        body: comment ? { comment } : {}, idempotencyKey: newKey(),
      });
      forgetProgress();
      assignments.clear();
      const b = banner('success', t(`review.did.${action}`));
      replace(notices, b);
      await Promise.all([renderList(), renderRevisions()]);
      b.focus();
      return null;
    } catch (error) {
      return error;
    }
  }

  function decisionForm(adjustment) {
    const mine = sameId(adjustment.requested_by, me.user.id);
    const approver = (plan.approver_ids || []).some((id) => sameId(id, me.user.id)) && !mine;
    if (adjustment.state !== 'pending' || (!mine && !approver)) return null;
    const summary = summaryHost();
    const errors = new FormErrors(summary);
    const comment = errors.register('comment', field({
      label: t(mine ? 'action.comment' : 'review.comment'), hint: t(mine ? 'review.withdrawHint' : 'review.commentHint'),
      input: h('textarea.textarea', { rows: 2, maxLength: 10000 }),
    }));
    const act = (action) => async () => {
      errors.clear();
      const text = comment.input.value.trim();
      if (action === 'reject' && !text) return errors.show([{ field: 'comment', message: t('review.rejectRequired') }]);
      const error = await decide(adjustment, action, text ? comment.input.value : null);
      if (error) errors.show([{ field: error.code === 'guard_failed' ? 'comment' : null, message: problemText(error) }]);
    };
    return h('div.decision', summary, comment.wrapper,
      h('div.button-row', mine
        ? secondaryButton(t('review.withdraw'), act('withdraw'))
        : [h('button.button', { type: 'button', on: { click: act('approve') } }, t('review.approve')),
          h('button.button.button--warning', { type: 'button', on: { click: act('reject') } }, t('review.reject'))]));
  }

  async function renderList() {
    let items;
    try {
      items = await all(`/v1/plans/${seg(plan.id)}/adjustments`);
    } catch (error) {
      replace(listHost, h('h2', { id: 'review-list' }, t('review.list')),
        error.status === 403 ? h('p.hint', t('review.listHidden')) : failure(error, renderList));
      return;
    }
    // Reps' names come from their progress (read once, then cached); requesters, managers and leaders, and
    // anyone else from the directory.
    await repsOf(startUnit).catch(() => []);
    const ids = items.flatMap((a) => [a.requested_by, ...a.changes.map((c) => c.rep_id)]).map((id) => id.toLowerCase());
    await Promise.all([...new Set(ids)].filter((id) => !names.has(id))
      .map(async (id) => { const name = await userName(me, id); if (name) names.set(id, name); }));
    const pending = items.filter((a) => a.state === 'pending');
    const decided = items.filter((a) => a.state !== 'pending').reverse();
    const card = (a) => h('article.adjustment', { dataset: { adjustmentId: a.id, state: a.state } },
      h('div.timeline-head', h('h3', a.reason), stateTag('decision', a.state)),
      h('p.timeline-meta', t('review.by', { who: nameOf(a.requested_by), when: formatDateTime(a.created_at) })),
      dataTable('table--numbers.changes-table', t('review.changes'),
        h('thead', h('tr', th(t('track.col.rep')), th(t('table.metric')), th(t('table.month')),
          th(t('review.col.was'), 'num'), th(t('review.col.becomes'), 'num'))),
        h('tbody', a.changes.map((c) => h('tr',
          rowTh(nameOf(c.rep_id)), h('td', metricName(c.metric)), h('td', formatMonth(c.month)),
          h('td.num', fmt(metricOf(c.metric), c.before)), h('td.num', fmt(metricOf(c.metric), c.value)))))),
      h('h4', t('review.impact')), impactTable(a.impact.map(impactLine)),
      decisionForm(a));
    replace(listHost, h('h2', { id: 'review-list' }, t('review.list')),
      h('h3', t('review.pending', { count: pending.length })),
      pending.length ? h('div.adjustments', pending.map(card)) : h('p.hint', t('review.nonePending')),
      decided.length ? h('details', h('summary', t('review.decided', { count: decided.length })), h('div.adjustments', decided.map(card))) : null);
  }

  const revRep = h('select.select', { id: uid('revrep') });
  const revisionsBody = h('div');
  async function renderRevisions() {
    if (!revRep.value) return;
    await load(revisionsBody, async () => {
      const items = await all(`/v1/plans/${seg(plan.id)}/assignments/${seg(revRep.value)}/revisions`);
      return h('ol.revisions', items.slice().reverse().map((r, k, list) => {
        const previous = list[k + 1];
        return h('li.revision', { dataset: { revision: r.revision } },
          h('h3', t(r.adjustment_id ? 'review.revisionN' : 'review.revision1', { n: r.revision }), ' ',
            h('span.timeline-meta', formatDateTime(r.at))),
          metricMonthsTable(plan, t('review.revisionN', { n: r.revision }), {
            hiddenCaption: false,
            colClass: (i, m) => (mayChange(m) ? '' : 'col--closed'),
            row: (m) => {
              const v = r.values[m.key];
              const was = previous?.values[m.key]?.months;
              return [months.map((_, i) => {
                const changed = was && v && BigInt(was[i]) !== BigInt(v.months[i]);
                return h('td.num', { class: changed ? 'cell--changed' : '' }, fmt(m, v?.months[i] ?? 0), changed ? h('span.visually-hidden', ` (${t('review.changed')})`) : null);
              }), h('td.num.total', fmt(m, v?.annual ?? 0))];
            },
          }));
      }));
    });
  }

  async function setupRevisions() {
    const reps = isRep ? [{ rep_id: me.user.id, name: me.user.name }] : await repsOf(startUnit);
    replace(revRep, reps.map((r) => h('option', { value: r.rep_id }, r.name)));
    revRep.addEventListener('change', renderRevisions);
    replace(revisionsHost, h('h2', { id: 'review-revisions' }, t('review.revisions')), h('p.hint', t('review.revisionsAbout')),
      isRep ? null : field({ label: t('track.col.rep'), input: revRep }).wrapper, revisionsBody);
    await renderRevisions();
  }

  renderRequest();
  await Promise.all([isRep ? null : renderList(), setupRevisions().catch((e) => replace(revisionsHost, failure(e, setupRevisions)))]);
  view.dataset.ready = 'true';
}
