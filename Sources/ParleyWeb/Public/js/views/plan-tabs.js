// The plan screens of part 2 that sit beside part 1's tabs: setup (leaders, managers), "why this target"
// (the rep, or whoever is looking at a rep), exports and audit (everyone but reps).
import { t } from '../i18n.js';

export function extraTabs(me, plan) {
  const role = me.user.role;
  const tabs = [];
  if (role === 'leader' || role === 'manager') tabs.push(['setup', `#/plans/${plan.id}/setup`, t('tab.setup')]);
  // A manager reaches a rep's explanation from that rep's page, whose address names the rep.
  const shown = /^#\/plans\/[^/]+\/(?:targets|explain)\/([^/]+)$/.exec(location.hash);
  const rep = role === 'rep' ? me.user.id : shown?.[1];
  if (rep && plan.state !== 'draft') tabs.push(['explain', `#/plans/${plan.id}/explain/${rep}`, t('tab.explain')]);
  if (role !== 'rep') tabs.push(['audit', `#/plans/${plan.id}/audit`, t('tab.audit')]);
  return tabs;
}
