// The leader's and approvers' screen: the plan's transitions (buttons follow allowed_actions), the
// approvals record and the audit chain's status.
import { api, all, seg, newKey } from '../api.js';
import { h, replace, uid, tableRegion } from '../dom.js';
import { t, locale, formatDateTime } from '../i18n.js';
import { load, field, FormErrors, summaryHost, banner, problemText, tag, failure } from '../forms.js';
import { formatValue, formatBps, deviationBps } from '../money.js';
import { follow } from '../live.js';
import { planHeader, liveIndicator, stateTag, nameOf, loadPlan, metricLabel, mayStream } from './common.js';

const PRIMARY = ['publish', 'open_discussion', 'submit_for_approval', 'approve', 'archive'];

export async function show(ctx) {
  const { plan: planId } = ctx.params;
  const me = ctx.me;
  const view = h('div');
  ctx.main.replaceChildren(view);
  let plan;
  const ok = await load(view, async () => { plan = await loadPlan(planId); });
  if (!ok || !ctx.isCurrent()) return;
  document.title = `${t('approval.title')} – ${plan.name}`;

  const live = liveIndicator();
  const headerHost = h('div');
  const notices = h('div.notices');
  const workflowHost = h('section.section', { attrs: { 'aria-labelledby': 'workflow-title' } });
  const readinessHost = h('section.section');
  const approvalsHost = h('section.section', { attrs: { 'aria-labelledby': 'approvals-title' } });
  const auditHost = h('section.section', { attrs: { 'aria-labelledby': 'audit-title' } });
  replace(view, headerHost, notices, workflowHost, readinessHost, approvalsHost, auditHost);
  const forms = new Map(); // action → {el, comment} kept across live refreshes, so typed comments survive

  function actionForm(action, isPrimary) {
    if (forms.has(action)) return forms.get(action).el;
    const summary = summaryHost();
    const errors = new FormErrors(summary);
    const needsComment = action === 'reject';
    const comment = errors.register('comment', field({
      label: t(`action.${action}.comment`), hint: t(`action.${action}.hint`),
      input: h('textarea.textarea', { rows: 3, maxLength: 10000, id: uid(`c-${action}`) }),
    }));
    // The gap explanation is asked for only when the guard says the agreed sums miss a goal.
    if (action === 'submit_for_approval') comment.wrapper.hidden = true;
    const reasons = h('div');
    const button = h(`button.button${isPrimary ? '' : '.button--secondary'}${action === 'reject' ? '.button--warning' : ''}`,
      { type: 'submit' }, t(`action.${action}`));
    let key = null;
    let keyFor = null;
    const el = h('form.form.action-card', {
      noValidate: true, dataset: { action },
      on: {
        submit: async (event) => {
          event.preventDefault();
          const text = comment.input.value.trim();
          if (needsComment && !text) return errors.show([{ field: 'comment', message: t('action.reject.required') }]);
          const body = { action };
          if (text) body.comment = comment.input.value;
          const fingerprint = JSON.stringify(body) + plan.version;
          if (keyFor !== fingerprint) { key = newKey(); keyFor = fingerprint; }
          button.disabled = true;
          try {
            const { data, version } = await api('POST', `/v1/plans/${seg(plan.id)}/transitions`, {
              body, ifMatch: plan.version, idempotencyKey: key,
            });
            plan = { ...data, version: version ?? data.version };
            forms.clear();
            const b = banner('success', t('approval.done', { action: t(`action.${action}`) }), h('p', t('approval.nowState'), ' ', stateTag('plan', plan.state)));
            replace(notices, b);
            await renderAll();
            b.focus();
          } catch (error) {
            if (!error.network) keyFor = null;
            if (error.status === 412) {
              plan = await loadPlan(plan.id);
              forms.clear();
              await renderAll();
              const b = banner('error', t('conflict.title'), h('p', t('approval.conflict')), h('p', t('approval.nowState'), ' ', stateTag('plan', plan.state)));
              replace(notices, b);
              b.focus();
            } else if (error.code === 'guard_failed') {
              comment.wrapper.hidden = false;
              const list = error.body?.reasons || [error.detail];
              replace(reasons, h('div.guard', h('p', h('strong', t('approval.guard'))), h('ul', list.map((r) => h('li', r)))));
              errors.show([{ field: 'comment', message: action === 'submit_for_approval' ? t('approval.explainGap') : problemText(error) }]);
            } else if (error.errors?.length) {
              errors.show(error.errors.map((e) => ({ field: e.field === 'comment' ? 'comment' : null, message: `${e.field}: ${e.message}` })));
            } else {
              errors.show([{ field: null, message: problemText(error) }]);
            }
          } finally {
            button.disabled = false;
          }
        },
      },
    }, summary, h('h3', t(`action.${action}`)), h('p.hint', t(`action.${action}.about`)), reasons, comment.wrapper, button);
    forms.set(action, { el });
    return el;
  }

  function renderWorkflow() {
    const actions = plan.allowed_actions || [];
    const primary = actions.find((a) => PRIMARY.includes(a));
    replace(workflowHost,
      h('h2', { id: 'workflow-title' }, t('approval.workflow')),
      h('p', t('approval.state'), ' ', stateTag('plan', plan.state)),
      h('p.next-step', t(`next.plan.${plan.state}`)),
      h('p.hint', t('approval.approvers', { required: plan.required_approvals })),
      actions.length ? h('div.action-cards', actions.map((a) => actionForm(a, a === primary)))
        : h('p.hint', t('approval.noActions')));
  }

  async function renderReadiness() {
    const metric = plan.metrics[0];
    try {
      const { data } = await api('GET', `/v1/plans/${seg(plan.id)}/reconciliation?metric=${seg(metric.key)}`);
      const tot = data.totals;
      const fmt = (v) => (v === null || v === undefined ? '—' : formatValue(v, metric.unit, plan.currency, locale()));
      const dev = tot.goal ? deviationBps(tot.sum_agreed, tot.goal) : null;
      replace(readinessHost,
        h('h2', t('approval.readiness', { metric: metricLabel(metric, plan) })),
        h('dl.summary-list',
          h('div.summary-row', h('dt', t('team.goal')), h('dd.num', fmt(tot.goal))),
          h('div.summary-row', h('dt', t('team.sumAgreed')), h('dd.num', fmt(tot.sum_agreed),
            dev === null ? null : h('span.summary-note', ` ${dev === 0n ? t('team.onGoal') : t(dev < 0n ? 'team.belowGoal' : 'team.aboveGoal', { pct: formatBps(dev < 0n ? -dev : dev, locale()) })}`)))),
        tot.within_tolerance === null ? null : h('p', tot.within_tolerance ? tag(t('team.withinTolerance'), 'green') : tag(t('team.outsideTolerance'), 'red')),
        h('p', h('a', { href: `#/plans/${plan.id}/team` }, t('approval.seeTeam'))));
    } catch (error) {
      replace(readinessHost);
    }
  }

  async function renderApprovals() {
    const items = await all(`/v1/plans/${seg(plan.id)}/approvals`);
    const rows = await Promise.all(items.map(async (a) => h('tr',
      h('td', tag(t(`decision.${a.decision}`), { approved: 'green', rejected: 'red', submitted: 'blue', withdrawn: 'grey' }[a.decision] || 'grey'),
        a.subject === 'adjustment' ? h('span.row-kind', ` ${t('approval.adjustment')}`) : null),
      h('td', (await nameOf(me, a.actor_id)) || t('people.someone')),
      h('td', h('time', { dateTime: a.at }, formatDateTime(a.at))),
      h('td.comment-cell', a.comment || '—'))));
    replace(approvalsHost, h('h2', { id: 'approvals-title' }, t('approval.record')),
      rows.length ? tableRegion(t('approval.record'),
        h('table.table',
          h('thead', h('tr', h('th', { scope: 'col' }, t('approval.col.decision')), h('th', { scope: 'col' }, t('approval.col.who')),
            h('th', { scope: 'col' }, t('approval.col.when')), h('th', { scope: 'col' }, t('approval.col.comment')))),
          h('tbody', rows)))
        : h('p.hint', t('approval.noRecord')));
  }

  async function renderAudit() {
    const { data } = await api('GET', `/v1/plans/${seg(plan.id)}/audit/verify`);
    replace(auditHost, h('h2', { id: 'audit-title' }, t('audit.title')),
      data.ok
        ? h('p', tag(t('audit.ok'), 'green'), ' ', t('audit.okBody', { events: data.events }))
        : h('p', tag(t('audit.broken'), 'red'), ' ', t('audit.brokenBody', { seq: data.broken_at })),
      h('p.hint', t('audit.about')));
  }

  async function renderAll() {
    replace(headerHost, planHeader(me, plan, 'approval', { live: h('span', ' · ', live.el) }));
    renderWorkflow();
    await Promise.all([
      renderReadiness(),
      renderApprovals().catch((e) => replace(approvalsHost, failure(e, renderApprovals))),
      renderAudit().catch((e) => replace(auditHost, failure(e, renderAudit))),
    ]);
  }

  await renderAll();
  let busy = false;
  const follower = follow(plan.id, {
    stream: await mayStream(me, plan),
    onStatus: live.set,
    onChange: async () => {
      if (busy) return;
      busy = true;
      try {
        const fresh = await loadPlan(plan.id);
        const changed = fresh.version !== plan.version;
        plan = fresh;
        if (changed) {
          forms.clear();
          await renderAll();
        } else {
          // Forms stay in place (and keep what is typed); only the records around them are re-read.
          await Promise.all([renderReadiness(), renderApprovals(), renderAudit()]);
        }
      } catch (error) {
        if (error.network) live.set('offline');
      } finally {
        busy = false;
      }
    },
  });
  ctx.onLeave(() => follower.stop());
}
