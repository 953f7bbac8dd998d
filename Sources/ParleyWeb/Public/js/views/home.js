import { api, all, seg } from '../api.js';
import { h, replace, sameId } from '../dom.js';
import { t } from '../i18n.js';
import { load, banner } from '../forms.js';
import { heading, stateTag, planPeriod, subtree } from './common.js';

export async function show(ctx) {
  document.title = `${t('nav.home')} – ${t('app.name')}`;
  const body = h('div');
  replace(ctx.main, ctx.notice ? banner('success', ctx.notice) : null, heading(t('nav.home')), body);
  await load(body, async () => {
    const me = ctx.me;
    const plans = await all('/v1/plans');
    let rows = [];
    if (me.user.role === 'rep') {
      const open = plans.filter((p) => p.state !== 'draft');
      // A rep's list of a plan's assignments holds only their own: empty when they are not in the plan.
      const probes = await Promise.all(open.map((p) => api('GET', `/v1/plans/${seg(p.id)}/assignments?limit=1`)
        .then(({ data }) => (data.items?.length ? { plan: p, assignment: data.items[0] } : null))));
      rows = probes.filter(Boolean);
    } else if (me.user.role === 'manager') {
      const units = await all('/v1/units');
      const managed = units.filter((u) => sameId(u.manager_id, me.user.id)).map((u) => u.id.toLowerCase());
      const mine = new Set([...managed, me.user.unit_id.toLowerCase()]);
      rows = plans.filter((p) => {
        const scope = subtree(units, p.unit_id);
        if ([...mine].some((u) => scope.has(u))) return true;
        return managed.some((m) => subtree(units, m).has(p.unit_id.toLowerCase()));
      }).map((plan) => ({ plan }));
    } else {
      rows = plans.map((plan) => ({ plan }));
    }
    if (!rows.length) return h('p', t('home.none'));
    return h('ul.plan-list', rows.map(({ plan, assignment }) => {
      const href = me.user.role === 'rep' ? `#/plans/${plan.id}/targets/${me.user.id}` : `#/plans/${plan.id}`;
      return h('li.card',
        h('h2.card-title', h('a', { href }, plan.name)),
        h('p.card-meta', stateTag('plan', plan.state), ' ', planPeriod(plan)),
        assignment
          ? h('p', t('home.yourTargets'), ' ', stateTag('assignment', assignment.state))
          : h('p.hint', t(`next.plan.${plan.state}`)));
    }));
  });
}
