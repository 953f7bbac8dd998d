// Exports and audit: download the plan's targets.csv, and the audit chain's verification as a clear status.
import { api, seg } from '../api.js';
import { h, replace } from '../dom.js';
import { t, locale, formatDateTime } from '../i18n.js';
import { load, banner, announce, problemText, secondaryButton } from '../forms.js';
import { formatCount } from '../money.js';
import { planHeader, loadPlan, mayStream, section, screen } from './common.js';

/** A file name from the plan's name: letters, digits and dashes only (any script). */
function fileName(plan) {
  const base = plan.name.normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return `${base || 'plan'}-targets.csv`;
}

export async function show(ctx) {
  const { plan: planId } = ctx.params;
  const me = ctx.me;
  let plan;
  let mayVerify = false;
  const view = await screen(ctx, async () => {
    plan = await loadPlan(planId);
    mayVerify = await mayStream(me, plan);
  });
  if (!view) return;
  document.title = `${t('tab.audit')} – ${plan.name}`;

  const auditHost = h('div.audit-status', { attrs: { 'aria-live': 'polite' } });
  const exportStatus = h('div', { attrs: { 'aria-live': 'polite' } });

  async function verify() {
    const started = new Date().toISOString();
    await load(auditHost, async () => {
      const { data } = await api('GET', `/v1/plans/${seg(plan.id)}/audit/verify`);
      const params = { events: formatCount(data.events, locale()), seq: data.broken_at };
      return h(`div.status-box.status-box--${data.ok ? 'ok' : 'bad'}`,
        { dataset: data.ok ? { ok: 'true', events: String(data.events) } : { ok: 'false', brokenAt: String(data.broken_at) } },
        h('p.status-box-title', t(data.ok ? 'audit.intact' : 'audit.brokenAt', params)),
        h('p', t(data.ok ? 'audit.okBody' : 'audit.brokenBody', params)),
        h('p.hint', t('audit.checkedAt', { at: formatDateTime(started) })));
    });
  }

  const download = h('button.button', {
    type: 'button',
    on: {
      click: async () => {
        download.disabled = true;
        replace(exportStatus);
        try {
          // Read through the API client, not a link: the token travels only in the Authorization header.
          const { data: text } = await api('GET', `/v1/plans/${seg(plan.id)}/targets.csv`);
          const blob = new Blob([text], { type: 'text/csv;charset=utf-8' });
          const lines = text.split(/\r\n/).filter((l) => l !== '').length - 1;
          const url = URL.createObjectURL(blob);
          const a = h('a', { href: url, download: fileName(plan), hidden: true });
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 10_000);
          replace(exportStatus, banner('success', t('export.done'), h('p', t('export.doneBody', { lines: formatCount(lines, locale()), file: fileName(plan) }))));
        } catch (error) {
          announce(exportStatus, 'error', t('export.failed'), h('p', problemText(error)));
        } finally {
          download.disabled = false;
        }
      },
    },
  }, t('export.download'));

  replace(view,
    planHeader(me, plan, 'audit'),
    h('h2.screen-subtitle', t('tab.audit')),
    section('export-title',
      h('h2', { id: 'export-title' }, t('export.title')),
      h('p', t('export.about')),
      h('p.hint', t('export.columns')),
      download, exportStatus),
    section('chain-title',
      h('h2', { id: 'chain-title' }, t('audit.title')),
      h('p.hint', t('audit.about')),
      mayVerify
        ? [auditHost, secondaryButton(t('audit.verifyAgain'), verify)]
        : h('p', t('audit.notYours'))));
  if (mayVerify) await verify();
}
