// "Do the arithmetic first": what one lever alone would have to become to reach the target, as the server
// computes it (POST /v1/funnel/solve).
import { api } from '../api.js';
import { h, replace, uid, tableRegion, th } from '../dom.js';
import { t, locale } from '../i18n.js';
import { field, FormErrors, summaryHost, apiFieldErrors, tag, numberInput, parseProblem, secondaryButton } from '../forms.js';
import { parseValue, inputText, formatMoney, formatCount, formatBps, formatSignedBps, deviationBps, minorDigits } from '../money.js';

// Shortcuts for the target as a multiple of last year's revenue, in bps (exact BigInt arithmetic).
const SHORTCUTS = [['grow10', 11000n], ['grow20', 12000n], ['grow50', 15000n], ['double', 20000n]];
const LEVER_FLAGS = {
  deal_size: ['deal_size_growth_unrealistic'],
  win_rate: ['win_rate_impossible', 'win_rate_growth_unrealistic'],
  leads: ['leads_growth_unrealistic'],
};

/**
 * The calculator: {el, setTarget(minor), setBaseline({revenue, deals, qualified_leads} in API units, any missing,
 * note)}. `onUseTarget(minor)`, when given, is a button that copies the target back (into a goal's annual value).
 */
export function calculator({ currency, onUseTarget }) {
  const summary = summaryHost();
  const errors = new FormErrors(summary);
  const money = (v) => formatMoney(v, currency, locale());
  const digits = minorDigits(currency);
  const input = (path, label, hint, inputMode = 'decimal') => errors.register(path, field({
    label, hint, input: numberInput({ name: path.replace('baseline.', ''), inputMode, class: 'input--wide' }),
  }));
  const revenue = input('baseline.revenue', t('calc.revenue', { currency }));
  const deals = input('baseline.deals', t('calc.deals'), null, 'numeric');
  const leads = input('baseline.qualified_leads', t('calc.leads'), null, 'numeric');
  const leadCost = input('baseline.lead_cost', t('calc.leadCost', { currency }), t('calc.leadCostHint'));
  const targetField = input('target_revenue', t('calc.target', { currency }), t('calc.targetHint'));
  const prefillNote = h('p.hint.calc-prefill');
  const results = h('div.calc-results', { attrs: { 'aria-live': 'polite' } });
  const submit = h('button.button', { type: 'submit' }, t('calc.solve'));
  const shortcuts = h('div.calc-shortcuts', { attrs: { role: 'group', 'aria-label': t('calc.shortcuts') } },
    SHORTCUTS.map(([key, bps]) => secondaryButton(key === 'double' ? t('calc.double') : `+${(bps - 10000n) / 100n}%`,
      () => applyShortcut(bps), '.button--small', { dataset: { shortcut: key } })));

  function setBaseline(b, note) {
    if (b.revenue !== undefined && b.revenue !== null) revenue.input.value = inputText(b.revenue, 'currency', currency);
    if (b.deals !== undefined && b.deals !== null) deals.input.value = String(b.deals);
    if (b.qualified_leads !== undefined && b.qualified_leads !== null) leads.input.value = String(b.qualified_leads);
    replace(prefillNote, note || '');
  }

  function setTarget(minor) {
    if (minor === null || minor === undefined) return;
    targetField.input.value = inputText(minor, 'currency', currency);
  }

  function applyShortcut(bps) {
    const parsed = parseValue(revenue.input.value, 'currency', currency);
    if (parsed.error) {
      errors.show([parseProblem('baseline.revenue', t('calc.revenueShort'), parsed.error, digits)]);
      return;
    }
    setTarget((parsed.value * bps) / 10000n);
    solve();
  }

  /** "double", "2x", "翻倍" or "+20%": a target relative to last year's revenue, in bps of it; else null. */
  function relative(text) {
    const s = String(text).trim().toLowerCase().replace(/\s+/g, '').replace('％', '%');
    if (['double', 'x2', '2x', '×2', '翻倍', '两倍'].includes(s)) return 20000n;
    const m = /^\+(\d{1,4})(?:\.(\d{1,2}))?%$/.exec(s);
    return m ? 10000n + BigInt(m[1]) * 100n + BigInt((m[2] || '0').padEnd(2, '0')) : null;
  }

  function read() {
    const problems = [];
    const bps = relative(targetField.input.value);
    if (bps !== null) {
      const base = parseValue(revenue.input.value, 'currency', currency);
      if (!base.error) setTarget((base.value * bps) / 10000n);
    }
    const get = (f, unit, name, label, optional = false) => {
      const parsed = parseValue(f.input.value, unit, currency);
      if (parsed.error === 'empty' && optional) return null;
      if (parsed.error) {
        problems.push(parseProblem(name, label, parsed.error, unit === 'currency' ? digits : 0));
        return null;
      }
      if (!optional && parsed.value === 0n) problems.push({ field: name, message: `${label}: ${t('calc.positive')}` });
      return parsed.value;
    };
    const body = {
      baseline: {
        revenue: get(revenue, 'currency', 'baseline.revenue', t('calc.revenueShort')),
        deals: get(deals, 'count', 'baseline.deals', t('calc.deals')),
        qualified_leads: get(leads, 'count', 'baseline.qualified_leads', t('calc.leads')),
      },
      target_revenue: get(targetField, 'currency', 'target_revenue', t('calc.targetShort')),
    };
    const cost = get(leadCost, 'currency', 'baseline.lead_cost', t('calc.leadCostShort'), true);
    if (cost !== null) body.baseline.lead_cost = cost;
    return { body, problems };
  }

  async function solve() {
    const { body, problems } = read();
    if (problems.length) return errors.show(problems);
    errors.clear();
    const wire = {
      baseline: Object.fromEntries(Object.entries(body.baseline).map(([k, v]) => [k, Number(v)])),
      target_revenue: Number(body.target_revenue),
    };
    submit.disabled = true;
    try {
      const { data } = await api('POST', '/v1/funnel/solve', { body: wire });
      render(data, body);
    } catch (error) {
      replace(results);
      errors.show(apiFieldErrors(error, describe));
    } finally {
      submit.disabled = false;
    }
  }

  function describe(path) {
    const names = {
      'baseline.revenue': t('calc.revenueShort'), 'baseline.deals': t('calc.deals'), 'baseline.qualified_leads': t('calc.leads'),
      'baseline.lead_cost': t('calc.leadCostShort'), target_revenue: t('calc.targetShort'),
    };
    return names[path] || path || '';
  }

  const growth = (bps) => formatSignedBps(bps, locale()) ?? '—';

  function render(data, body) {
    const flags = data.flags || [];
    const levers = [
      ['deal_size', (v) => money(v)],
      ['win_rate', (v) => formatBps(v, locale())],
      ['leads', (v) => formatCount(v, locale())],
    ];
    const change = deviationBps(body.target_revenue, body.baseline.revenue);
    const rows = levers.map(([key, fmt]) => {
      const lever = data.levers[key];
      const raised = LEVER_FLAGS[key].filter((f) => flags.includes(f));
      return h('tr', { dataset: { lever: key } },
        h('th', { scope: 'row' }, t(`calc.lever.${key}`), h('span.lever-about', t(`calc.lever.${key}.about`))),
        // data-label: on a phone each row stacks into a card that names its figures (see app.css).
        h('td.num', { dataset: { figure: 'baseline', label: t('team.col.lastYear') } }, fmt(lever.baseline)),
        h('td.num', { dataset: { figure: 'needed', label: t('calc.col.needed') } }, fmt(lever.needed)),
        h('td.num', { dataset: { figure: 'growth', label: t('calc.col.growth') } }, growth(lever.growth_bps)),
        h('td', { dataset: { figure: 'realism', label: t('calc.col.realism') } }, raised.length
          ? raised.map((f) => tag(t(`calc.flag.${f}`), f === 'win_rate_impossible' ? 'red' : 'yellow'))
          : tag(t('calc.plausible'), 'green')));
    });
    const leadsLever = data.levers.leads;
    const budget = data.marketing_budget;
    replace(results,
      h('h3.calc-results-title', t('calc.resultsTitle')),
      h('p.calc-sentence', t('calc.sentence', {
        from: money(body.baseline.revenue), to: money(body.target_revenue), change: growth(change),
      })),
      h('dl.summary-list',
        h('div.summary-row', h('dt', t('calc.avgDeal')), h('dd.num', { dataset: { figure: 'avg_deal_size' } }, money(data.avg_deal_size))),
        h('div.summary-row', h('dt', t('calc.winRate')), h('dd.num', { dataset: { figure: 'win_rate_bps' } }, formatBps(data.win_rate_bps, locale()))),
        h('div.summary-row', h('dt', t('calc.neededDeals')), h('dd.num', { dataset: { figure: 'needed_deals' } }, formatCount(data.needed_deals, locale())))),
      tableRegion(t('calc.tableTitle'),
        h('table.table.table--numbers.lever-table',
          h('caption', t('calc.tableTitle')),
          h('thead', h('tr', th(t('calc.col.lever')), ['team.col.lastYear', 'calc.col.needed', 'calc.col.growth'].map((k) => th(t(k), 'num')),
            th(t('calc.col.realism')))),
          h('tbody', rows))),
      h('p.calc-budget', { dataset: { figure: 'marketing_budget' } },
        budget === null || budget === undefined
          ? t('calc.noBudget')
          : [h('strong', t('calc.budget')), ' ', h('span.num', { dataset: { value: 'budget' } }, money(budget)), ' ',
            t('calc.budgetBody', { leads: formatCount(leadsLever.needed, locale()), cost: money(body.baseline.lead_cost) })]),
      onUseTarget
        ? h('div.button-row', secondaryButton(t('calc.useTarget', { target: money(body.target_revenue) }), () => onUseTarget(body.target_revenue)))
        : null);
  }

  const form = h('form.form.calculator', { noValidate: true, on: { submit: (e) => { e.preventDefault(); solve(); } } },
    summary,
    h('h2', { tabIndex: -1 }, t('calc.title')),
    h('p.hint', t('calc.about')),
    prefillNote,
    h('div.calc-grid', revenue.wrapper, deals.wrapper, leads.wrapper, leadCost.wrapper),
    targetField.wrapper,
    shortcuts,
    h('div.button-row', submit),
    results);
  form.id = uid('calc');
  return { el: form, setTarget, setBaseline };
}
