// The leader's and approvers' screen: the plan's transitions (as allowed_actions says), the approvals record.
import { api, all, seg, idempotency, versioned } from '../api.js';
import { h, replace, uid, tableRegion, th } from '../dom.js';
import { t, tOr, locale, formatDateTime } from '../i18n.js';
import { field, FormErrors, summaryHost, announce, apiFieldErrors, problemText, tag, failure } from '../forms.js';
import { formatValue } from '../money.js';
import {
  planHeader, liveIndicator, keepLive, stateTag, nameOf, loadPlan, metricLabel, section, screen, goalGap, toleranceTag,
} from './common.js';

const PRIMARY = ['publish', 'open_discussion', 'submit_for_approval', 'approve', 'archive'];

export async function show(ctx) {
  const { plan: planId } = ctx.params;
  const me = ctx.me;
  let plan;
  const view = await screen(ctx, async () => { plan = await loadPlan(planId); });
  if (!view) return;
  document.title = `${t('approval.title')} – ${plan.name}`;

  const live = liveIndicator();
  const headerHost = h('div');
  const notices = h('div.notices');
  const workflowHost = section('workflow-title');
  const readinessHost = h('section.section');
  const approvalsHost = section('approvals-title');
  const auditHost = section('audit-title');
  replace(view, headerHost, notices, workflowHost, readinessHost, approvalsHost, auditHost);
  const forms = new Map(); // action → {el, comment} kept across live refreshes, so typed comments survive

  function actionForm(action, isPrimary) {
    if (forms.has(action)) return forms.get(action).el;
    const summary = summaryHost();
    const errors = new FormErrors(summary);
    const needsComment = action === 'reject';
    const comment = errors.register('comment', field({
      label: tOr(`action.${action}.comment`, t('action.comment')), hint: tOr(`action.${action}.hint`, t('action.hint')),
      input: h('textarea.textarea', { rows: 3, maxLength: 10000, id: uid(`c-${action}`) }),
    }));
    // The gap explanation is asked for only when the guard says the agreed sums miss a goal.
    if (action === 'submit_for_approval') comment.wrapper.hidden = true;
    const reasons = h('div');
    const button = h(`button.button${isPrimary ? '' : '.button--secondary'}${action === 'reject' ? '.button--warning' : ''}`,
      { type: 'submit' }, t(`action.${action}`));
    const keys = idempotency();
    const el = h('form.form.action-card', {
      noValidate: true, dataset: { action },
      on: {
        submit: async (event) => {
          event.preventDefault();
          const text = comment.input.value.trim();
          if (needsComment && !text) return errors.show([{ field: 'comment', message: t('action.reject.required') }]);
          const body = { action };
          if (text) body.comment = comment.input.value;
          button.disabled = true;
          try {
            plan = versioned(await api('POST', `/v1/plans/${seg(plan.id)}/transitions`, {
              body, ifMatch: plan.version, idempotencyKey: keys.for(body, plan.version),
            }));
            keys.settle();
            forms.clear();
            await renderAll();
            announce(notices, 'success', t('approval.done', { action: t(`action.${action}`) }), nowState());
          } catch (error) {
            keys.settle(error);
            if (error.status === 412) {
              plan = await loadPlan(plan.id);
              forms.clear();
              await renderAll();
              announce(notices, 'error', t('conflict.title'), h('p', t('approval.conflict')), nowState());
            } else if (error.code === 'guard_failed') {
              comment.wrapper.hidden = false;
              const list = error.body?.reasons || [error.detail];
              replace(reasons, h('div.guard', h('p', h('strong', t('approval.guard'))), h('ul', list.map((r) => h('li', r)))));
              errors.show([{ field: 'comment', message: action === 'submit_for_approval' ? t('approval.explainGap') : problemText(error) }]);
            } else {
              errors.show(apiFieldErrors(error));
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

  const nowState = () => h('p', t('approval.nowState'), ' ', stateTag('plan', plan.state));

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
      const gap = goalGap(tot);
      replace(readinessHost,
        h('h2', t('approval.readiness', { metric: metricLabel(metric, plan) })),
        h('dl.summary-list',
          h('div.summary-row', h('dt', t('team.goal')), h('dd.num', fmt(tot.goal))),
          h('div.summary-row', h('dt', t('team.col.agreed')), h('dd.num', fmt(tot.sum_agreed),
            gap ? h('span.summary-note', ` ${gap}`) : null))),
        h('p', toleranceTag(tot)),
        h('p', h('a', { href: `#/plans/${plan.id}/team` }, t('approval.seeTeam'))));
    } catch (error) {
      replace(readinessHost);
    }
  }

  async function renderApprovals() {
    const items = await all(`/v1/plans/${seg(plan.id)}/approvals`);
    const rows = await Promise.all(items.map(async (a) => h('tr',
      h('td', stateTag('decision', a.decision),
        a.subject === 'adjustment' ? h('span.row-kind', ` ${t('approval.adjustment')}`) : null),
      h('td', (await nameOf(me, a.actor_id)) || t('people.someone')),
      h('td', h('time', { dateTime: a.at }, formatDateTime(a.at))),
      h('td.comment-cell', a.comment || '—'))));
    replace(approvalsHost, h('h2', { id: 'approvals-title' }, t('approval.record')),
      rows.length ? tableRegion(t('approval.record'),
        h('table.table',
          h('thead', h('tr', ['approval.col.decision', 'approval.col.who', 'approval.col.when', 'review.comment'].map((k) => th(t(k))))),
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
    replace(headerHost, planHeader(me, plan, 'approval', { live }));
    renderWorkflow();
    await Promise.all([
      renderReadiness(),
      renderApprovals().catch((e) => replace(approvalsHost, failure(e, renderApprovals))),
      renderAudit().catch((e) => replace(auditHost, failure(e, renderAudit))),
    ]);
  }

  await renderAll();
  await keepLive(ctx, plan, live, async () => {
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
  });
}
