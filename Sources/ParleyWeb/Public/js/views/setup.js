// Plan setup, for a leader or the manager of the scope: create a plan; set each unit's goal and see the
// server's monthly split before saving; the funnel calculator next to the revenue goal; publish.
import { api, all, seg, newKey, idempotency, versioned } from '../api.js';
import { h, replace, uid, sameId, dataTable, th, rowTh } from '../dom.js';
import { t, tOr, locale, formatMonth, planMonths, monthLabels } from '../i18n.js';
import {
  field, FormErrors, summaryHost, loadingNote, apiFieldErrors, banner, announce, problemText, tag, numberInput, parseProblem, secondaryButton, choice,
  inlineField,
} from '../forms.js';
import { parseValue, inputText, formatBps, sum, unitDigits } from '../money.js';
import {
  planHeader, heading, stateTag, metricLabel, metricName, loadPlan, nameOf, planPeriod, subtree, treeOrder, cellValue, unitSuffix,
  section, screen, breadcrumbs,
} from './common.js';
import { calculator } from './calculator.js';
import { monthTable } from './month-table.js';

const DEFAULT_METRICS = [
  { key: 'revenue', unit: 'currency', aggregation: 'sum', applies: 'post_ramp' },
  { key: 'qualified_leads', unit: 'count', aggregation: 'sum', applies: 'all' },
  { key: 'visits', unit: 'count', aggregation: 'sum', applies: 'all' },
];
const GOAL_STATES = ['draft', 'proposed', 'in_discussion'];
const MODES = ['even', 'last_year', 'weights', 'months'];

function indent(depth, name) {
  return `${'\u2003'.repeat(depth)}${name}`;
}

function textInput(name, props = {}) {
  return h('input.input', { type: 'text', autocomplete: 'off', spellcheck: false, name, ...props });
}

const select = (name, options, value) => choice(options, value, null, { name });

/** A labelled field registered under its API name; the hint is `<key>Hint` where there is one. */
function labelled(errors, name, key, input) {
  return errors.register(name, field({ label: t(key), hint: tOr(`${key}Hint`, null), input }));
}

const numeric = (name, value, inputMode = 'numeric') => numberInput({ name, value, inputMode });
const options = (kind, list) => list.map((v) => [v, t(`setup.${kind}.${v}`)]);

// #/new-plan
export async function create(ctx) {
  const me = ctx.me;
  document.title = `${t('setup.newTitle')} – ${t('app.name')}`;
  let units;
  let users;
  const view = await screen(ctx, async () => {
    [units, users] = await Promise.all([all('/v1/units'), all('/v1/users')]);
  });
  if (!view) return;

  // A manager plans for the units they run (and below); a leader for any unit.
  let choices = units.filter((u) => !u.parent_id).flatMap((r) => treeOrder(units, r));
  if (me.user.role === 'manager') {
    const allowed = new Set(units.filter((x) => sameId(x.manager_id, me.user.id)).flatMap((u) => [...subtree(units, u.id)]));
    choices = choices.filter((c) => allowed.has(c.unit.id.toLowerCase()));
  }
  const summary = summaryHost();
  const errors = new FormErrors(summary);
  // By API field name: the string key of the label, the input.
  const f = Object.fromEntries([
    ['name', 'setup.name', textInput('name', { maxLength: 200 })],
    ['unit_id', 'setup.unit', select('unit_id', choices.map((c) => [c.unit.id, indent(c.depth, c.unit.name)]))],
    ['start_month', 'setup.start', textInput('start_month', { type: 'month', value: `${new Date().getFullYear() + 1}-01` })],
    ['months', 'setup.months', numeric('months', '12')],
    ['currency', 'setup.currency', textInput('currency', { value: 'CNY', className: 'input input--number' })],
    ['ramp_months', 'setup.ramp', numeric('ramp_months', '3')],
    ['stretch_limit_bps', 'setup.stretch', numeric('stretch_limit', '130', 'decimal')],
    ['tolerance_bps', 'setup.tolerance', numeric('tolerance', '1', 'decimal')],
    ['required_approvals', 'setup.required', numeric('required_approvals', '1')],
  ].map(([name, key, input]) => [name, labelled(errors, name, key, input)]));

  const metricsHost = h('div.metric-defs');
  const metricRows = [];
  function addMetric(m) {
    const index = metricRows.length;
    const row = Object.fromEntries([
      ['key', 'setup.metricKey', textInput('metric_key', { value: m.key })],
      ['unit', 'setup.metricUnit', select('metric_unit', options('unit', ['currency', 'count', 'ratio']), m.unit)],
      ['aggregation', 'setup.metricAggregation', select('metric_aggregation', options('agg', ['sum', 'average', 'last']), m.aggregation)],
      ['applies', 'setup.metricApplies', select('metric_applies', options('applies', ['all', 'ramp_only', 'post_ramp']), m.applies)],
    ].map(([name, key, input]) => [name, labelled(errors, `metrics[${index}].${name}`, key, input)]));
    row.el = h('fieldset.fieldset.metric-def', { dataset: { metricIndex: String(index) } },
      h('legend.fieldset-legend', t('setup.metricN', { n: index + 1 })),
      h('div.metric-def-grid', row.key.wrapper, row.unit.wrapper, row.aggregation.wrapper, row.applies.wrapper),
      secondaryButton(t('setup.removeMetric'), () => { row.removed = true; row.el.remove(); }, '.button--small'));
    metricRows.push(row);
    metricsHost.append(row.el);
  }
  DEFAULT_METRICS.forEach(addMetric);
  const group = (name, legend, ...content) => {
    const box = h('fieldset.fieldset', h('legend.fieldset-legend', t(legend)), h('p.hint', t(`${legend}Hint`)), ...content);
    errors.registerGroup(name, box, box.querySelector('input') || box);
    return box;
  };
  const metricsBox = group('metrics', 'setup.metrics', metricsHost,
    secondaryButton(t('setup.addMetric'), () => addMetric({ key: '', unit: 'count', aggregation: 'sum', applies: 'all' })));

  const approvers = users.filter((u) => u.role === 'leader' || u.role === 'manager')
    .sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'leader' ? -1 : 1))
    .map((u) => h('input.checkbox-input', { type: 'checkbox', id: uid('appr'), value: u.id, checked: u.role === 'leader', dataset: { label: `${u.name} · ${t(`role.${u.role}`)}` } }));
  const approversBox = group('approver_ids', 'setup.approvers',
    h('div.checkboxes', approvers.map((box) => h('div.checkbox', box, h('label', { htmlFor: box.id }, box.dataset.label)))));

  const keys = idempotency();
  const submit = h('button.button', { type: 'submit' }, t('setup.create'));
  const form = h('form.form.setup-form', { noValidate: true, on: { submit: onSubmit } },
    summary, f.name.wrapper, f.unit_id.wrapper,
    h('div.field-row', f.start_month.wrapper, f.months.wrapper, f.currency.wrapper),
    metricsBox,
    h('div.field-row', f.ramp_months.wrapper, f.stretch_limit_bps.wrapper, f.tolerance_bps.wrapper),
    approversBox, f.required_approvals.wrapper,
    h('div.button-row', submit));

  async function onSubmit(event) {
    event.preventDefault();
    const problems = [];
    const problem = (name, message) => problems.push({ field: name, message });
    const label = (name) => errors.fields.get(name)?.wrapper.querySelector('label')?.textContent || name;
    const value = (name) => f[name].input.value.trim();
    const body = { name: value('name'), unit_id: value('unit_id'), start_month: value('start_month'), currency: value('currency').toUpperCase() };
    if (!body.name) problem('name', t('setup.nameRequired'));
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(body.start_month)) problem('start_month', t('setup.startInvalid'));
    if (!/^[A-Z]{3}$/.test(body.currency)) problem('currency', t('setup.currencyInvalid'));
    for (const [name, unit] of [['months', 'count'], ['ramp_months', 'count'], ['required_approvals', 'count'], ['stretch_limit_bps', 'ratio'], ['tolerance_bps', 'ratio']]) {
      const parsed = parseValue(value(name), unit);
      if (parsed.error) problems.push(parseProblem(name, label(name), parsed.error, unitDigits(unit)));
      else body[name] = Number(parsed.value);
    }
    body.metrics = [];
    metricRows.forEach((row, i) => {
      if (row.removed) return;
      const k = row.key.input.value.trim();
      if (!/^[a-z][a-z0-9_]{0,62}$/.test(k)) problem(`metrics[${i}].key`, t('setup.metricKeyInvalid', { n: i + 1 }));
      body.metrics.push({ key: k, unit: row.unit.input.value, aggregation: row.aggregation.input.value, applies: row.applies.input.value });
    });
    if (!body.metrics.length) problem('metrics', t('setup.metricsRequired'));
    body.approver_ids = approvers.filter((box) => box.checked).map((box) => box.value);
    if (!body.approver_ids.length) problem('approver_ids', t('setup.approversRequired'));
    if (problems.length) return errors.show(problems);
    errors.clear();
    // The server numbers metrics by their place in what was sent: map its paths back to the rows shown.
    const shown = metricRows.map((r, i) => (r.removed ? null : i)).filter((i) => i !== null);
    submit.disabled = true;
    try {
      const { data } = await api('POST', '/v1/plans', { body, idempotencyKey: keys.for(body) });
      ctx.navigate(`/plans/${data.id}/setup`);
    } catch (error) {
      keys.settle(error);
      const remap = (path) => (path || '').replace(/^metrics\[(\d+)\]/, (_, n) => `metrics[${shown[Number(n)] ?? n}]`);
      const describe = (path) => {
        const m = /^metrics\[(\d+)\]/.exec(remap(path));
        return m ? t('setup.metricN', { n: Number(m[1]) + 1 }) : label(path);
      };
      errors.show(apiFieldErrors(error, describe).map((e) => ({ ...e, field: remap(e.field) })));
    } finally {
      submit.disabled = false;
    }
  }

  replace(view, breadcrumbs(t('setup.newTitle')), heading(t('setup.newTitle')), h('p.lead', t('setup.newLead')), form);
}

// #/plans/{id}/setup

export async function show(ctx) {
  const { plan: planId } = ctx.params;
  const me = ctx.me;
  let plan;
  let units;
  const goals = new Map();
  const view = await screen(ctx, async () => {
    const [p, u, g] = await Promise.all([loadPlan(planId), all('/v1/units'), api('GET', `/v1/plans/${seg(planId)}/goals`)]);
    plan = p;
    units = u;
    for (const goal of g.data.items || []) goals.set(goal.unit_id.toLowerCase(), goal);
  });
  if (!view) return;
  document.title = `${t('setup.title')} – ${plan.name}`;
  const byId = new Map(units.map((u) => [u.id.toLowerCase(), u]));
  const scope = byId.get(plan.unit_id.toLowerCase());
  const order = treeOrder(units, scope);
  const months = planMonths(plan.start_month, plan.months);
  const lastYearCache = new Map();

  const headerHost = h('div');
  const notices = h('div.notices');
  const aboutHost = section('about-title');
  const goalsHost = section('goals-title');
  const editorHost = h('section.section.goal-editor', { attrs: { 'aria-labelledby': 'editor-title' } });
  const calcHost = h('section.section.calc-panel', { hidden: true });
  const publishHost = section('publish-title');
  replace(view, headerHost, notices, h('h2.screen-subtitle', t('setup.title')), aboutHost, goalsHost, editorHost, calcHost, publishHost);
  let editing = scope;
  let editor = null;
  let calc = null;

  function renderHeader() {
    replace(headerHost, planHeader(me, plan, 'setup'));
  }

  async function renderAbout() {
    const approverNames = await Promise.all(plan.approver_ids.map(async (id) => (await nameOf(me, id)) || t('people.someone')));
    const rows = [
      [t('setup.unit'), scope?.name || ''],
      [t('setup.period'), `${planPeriod(plan)} (${t('setup.monthsCount', { n: plan.months })})`],
      [t('setup.currency'), plan.currency],
      [t('setup.metrics'), plan.metrics.map((m) => `${metricLabel(m, plan)}: ${t(`setup.applies.${m.applies}`)}`).join('; ')],
      [t('setup.ramp'), t('setup.monthsCount', { n: plan.ramp_months })],
      [t('setup.stretch'), formatBps(plan.stretch_limit_bps, locale())],
      [t('setup.tolerance'), formatBps(plan.tolerance_bps, locale())],
      [t('setup.approvers'), t('setup.approversValue', { names: approverNames.join(', '), n: plan.required_approvals })],
    ];
    replace(aboutHost, h('h2', { id: 'about-title' }, t('setup.about')),
      h('p', t('approval.state'), ' ', stateTag('plan', plan.state), ' ', h('span.hint', t(`next.plan.${plan.state}`))),
      h('dl.facts', rows.map(([k, v]) => h('div.fact', h('dt', k), h('dd', v)))));
  }

  function renderGoals() {
    const fmt = (m, v) => cellValue(plan, m, v);
    const unitLabel = (m) => unitSuffix(plan, m);
    replace(goalsHost, h('h2', { id: 'goals-title' }, t('setup.goals')), h('p.hint', t('setup.goalsHint')),
      dataTable('table--numbers.goals-table', t('setup.goals'),
          h('thead', h('tr', th(t('setup.col.unit')),
            plan.metrics.map((m) => th(`${metricName(m.key)}${unitLabel(m)}`, 'num')),
            h('th', { scope: 'col', attrs: { 'aria-label': t('setup.col.action') } }))),
          h('tbody', order.map(({ unit, depth }) => {
            const goal = goals.get(unit.id.toLowerCase());
            return h('tr', { dataset: { unitId: unit.id } },
              rowTh(indent(depth, unit.name), goal ? null : h('span.row-kind', ` ${t('setup.noGoal')}`)),
              plan.metrics.map((m) => h('td.num', fmt(m, goal?.values?.[m.key]?.annual),
                goal?.capacity?.[m.key] !== undefined ? h('span.summary-note', t('setup.capacityShort', { v: fmt(m, goal.capacity[m.key]) })) : null)),
              h('td', GOAL_STATES.includes(plan.state)
                ? secondaryButton(t(goal ? 'setup.changeGoal' : 'setup.setGoal'), () => {
                  editing = unit;
                  renderEditor();
                  editorHost.querySelector('h2')?.focus();
                }, '.button--small', { attrs: { 'aria-label': t(goal ? 'setup.changeGoalOf' : 'setup.setGoalOf', { unit: unit.name }) } })
                : null));
          }))));
  }

  /**
   * Last year's actuals of a unit's subtree, per metric of the plan ({metric: {months: [12], annual}}), as the
   * server sums them (GET .../last-year, in any state, drafts included); null when it cannot be read.
   */
  function unitLastYear(unitId) {
    const k = unitId.toLowerCase();
    if (!lastYearCache.has(k)) {
      const loading = api('GET', `/v1/plans/${seg(plan.id)}/last-year?unit_id=${seg(unitId)}`)
        .then(({ data }) => data.values || {})
        .catch(() => { lastYearCache.delete(k); return null; });
      lastYearCache.set(k, loading);
    }
    return lastYearCache.get(k);
  }

  function renderEditor() {
    if (!GOAL_STATES.includes(plan.state)) {
      editor = null;
      replace(editorHost, h('h2', { id: 'editor-title', tabIndex: -1 }, t('team.goal')), h('p.hint', t('setup.goalsClosed')));
      return;
    }
    editor = goalEditor(editing);
    replace(editorHost, editor.el);
    calcHost.hidden = true; // its figures were another unit's
  }

  function goalEditor(unit) {
    const existing = goals.get(unit.id.toLowerCase());
    const summary = summaryHost();
    const errors = new FormErrors(summary);
    const previewHost = h('div.goal-preview', { attrs: { 'aria-live': 'polite' } });
    const savedHost = h('div.goal-saved');
    let version = existing?.version ?? null;
    let previewed = null;

    const blocks = plan.metrics.map((metric) => {
      const prefix = `values.${metric.key}`;
      const current = existing?.values?.[metric.key];
      const state = { metric, weights: [], months: [] };
      const modeSel = select(`${metric.key}-how`, MODES.map((m) => [m, t(`setup.mode.${m}`)]), current ? 'months' : 'even');
      state.mode = errors.register(`${prefix}.distribution`, field({ label: t('setup.how'), input: modeSel }));
      const wide = (name, value) => numberInput({
        name: `${metric.key}-${name}`, value: inputText(value, metric.unit, plan.currency), class: 'input--wide',
        inputMode: metric.unit === 'currency' ? 'decimal' : 'numeric',
      });
      state.annual = errors.register(`${prefix}.annual`, field({
        label: t('form.annualValue', { metric: metricLabel(metric, plan) }), input: wide('annual', current?.annual),
      }));
      const grid = (kind) => h('div.month-grid', months.map((month, i) => {
        const input = numberInput({
          name: `${metric.key}-${kind}-${month}`,
          value: kind === 'months' && current ? inputText(current.months[i], metric.unit, plan.currency) : kind === 'weights' ? '1' : '',
        });
        const f = errors.register(`${prefix}.${kind === 'weights' ? 'distribution.weights' : 'months'}[${i}]`,
          field({ label: monthLabels(months, 'long')[i], input }));
        f.wrapper.classList.add('month-cell');
        state[kind].push(input);
        return f.wrapper;
      }));
      state.weightsBox = h('div.goal-weights', h('p.hint', t('setup.weightsHint')), grid('weights'));
      state.monthsBox = h('div.goal-months', grid('months'));
      state.capacity = errors.register(`capacity.${metric.key}`, field({
        label: t('setup.capacity', { metric: metricLabel(metric, plan) }), hint: t('setup.capacityHint'),
        input: wide('capacity', existing?.capacity?.[metric.key]),
      }));
      const calcButton = metric.unit === 'currency'
        ? secondaryButton(t('calc.title'), () => openCalculator(state), '.button--small.calc-open') : null;
      const sync = () => {
        const mode = modeSel.value;
        state.annual.wrapper.hidden = mode === 'months';
        state.weightsBox.hidden = mode !== 'weights';
        state.monthsBox.hidden = mode !== 'months';
      };
      modeSel.addEventListener('change', sync);
      sync();
      state.el = h('fieldset.fieldset.metric-block', { dataset: { metric: metric.key } },
        h('legend.fieldset-legend', metricLabel(metric, plan)),
        h('div.goal-row', state.mode.wrapper, state.annual.wrapper, calcButton),
        state.weightsBox, state.monthsBox, state.capacity.wrapper);
      errors.registerGroup(prefix, state.el, modeSel);
      return state;
    });

    /** What the form says: {values and capacity as the API takes them, problems found before sending}. */
    function read() {
      const problems = [];
      const values = {};
      const capacity = {};
      for (const s of blocks) {
        const { metric } = s;
        const prefix = `values.${metric.key}`;
        const label = metricName(metric.key);
        const parse = (text, path) => {
          const p = parseValue(text, metric.unit, plan.currency);
          if (p.error && p.error !== 'empty') problems.push(parseProblem(path, label, p.error, unitDigits(metric.unit, plan.currency)));
          return p;
        };
        const mode = s.mode.input.value;
        if (mode === 'months') {
          const list = s.months.map((input, i) => parse(input.value, `${prefix}.months[${i}]`));
          if (list.every((p) => p.error === 'empty')) { /* no goal for this metric */ } else if (!list.some((p) => p.error && p.error !== 'empty')) {
            values[metric.key] = { months: list.map((p) => Number(p.value ?? 0n)) };
          }
        } else {
          const annual = parse(s.annual.input.value, `${prefix}.annual`);
          if (!annual.error) {
            if (mode === 'weights') {
              const weights = s.weights.map((input, i) => {
                const p = parseValue(input.value, 'count');
                if (p.error) problems.push(parseProblem(`${prefix}.distribution.weights[${i}]`, `${label}, ${formatMonth(months[i])}`, p.error));
                return p.value ?? 0n;
              });
              values[metric.key] = { annual: Number(annual.value), distribution: { weights: weights.map(Number) } };
            } else {
              values[metric.key] = { annual: Number(annual.value), distribution: mode };
            }
          }
        }
        const cap = parse(s.capacity.input.value, `capacity.${metric.key}`);
        if (!cap.error) capacity[metric.key] = Number(cap.value);
      }
      if (!problems.length && !Object.keys(values).length) problems.push({ field: `values.${plan.metrics[0].key}`, message: t('setup.goalEmpty') });
      const body = { values };
      if (Object.keys(capacity).length) body.capacity = capacity;
      return { body, problems };
    }

    /** Rows of a months table: per metric the server's months ({metric: {months}}), last year's beside them. */
    function rowsFor(split, lastYear, label) {
      const rows = [];
      for (const m of plan.metrics) {
        if (!split[m.key]) continue;
        rows.push({ label: `${metricLabel(m, plan)}: ${label}`, unit: m.unit, values: split[m.key].months, kind: `goal-${m.key}` });
        // Plan month i falls in the calendar month of last year's month i % 12 (whatever month the plan starts).
        const past = lastYear?.[m.key]?.months;
        rows.push({ label: `${metricLabel(m, plan)}: ${t('explain.lastYear')}`, unit: m.unit, values: past ? months.map((_, i) => past[i % 12]) : null, kind: `last-${m.key}` });
      }
      return rows;
    }

    /** A note when the unit sold nothing last year in the metrics shown (a last-year split is then even). */
    function lastYearNote(split, lastYear) {
      const empty = Object.keys(split).filter((k) => lastYear?.[k] && lastYear[k].months.every((v) => Number(v) === 0));
      return empty.length ? h('p.hint', t('setup.noLastYear', { unit: unit.name, metrics: empty.map(metricName).join(', ') })) : null;
    }

    async function preview() {
      replace(savedHost);
      const { body, problems } = read();
      if (problems.length) return errors.show(problems);
      errors.clear();
      previewButton.disabled = true;
      // Adding up last year's actuals can take a moment in a large unit: say so rather than show nothing.
      const slow = setTimeout(() => replace(previewHost, loadingNote(t('loading'))), 300);
      try {
        // The server decides the split (the same rule its PUT stores by); a preview saves nothing.
        const { data } = await api('POST', `/v1/plans/${seg(plan.id)}/goals/${seg(unit.id)}/preview`, { body });
        previewed = { body: JSON.stringify(body), values: data.values };
        replace(previewHost, h('h3', t('setup.previewTitle', { unit: unit.name })), h('p.hint', t('setup.previewNote')),
          monthTable(plan, rowsFor(data.values, data.last_year, t('setup.previewRow')), t('setup.previewTitle', { unit: unit.name })),
          lastYearNote(data.values, data.last_year));
      } catch (error) {
        replace(previewHost);
        previewed = null;
        errors.show(apiFieldErrors(error, describe));
      } finally {
        clearTimeout(slow);
        previewButton.disabled = false;
      }
    }

    async function put(body) {
      submit.disabled = true;
      previewButton.disabled = true;
      try {
        const { data, version: v } = await api('PUT', `/v1/plans/${seg(plan.id)}/goals/${seg(unit.id)}`, {
          body, ifMatch: version ?? undefined, ifNoneMatch: version === null ? '*' : undefined,
        });
        version = v ?? data.version;
        goals.set(unit.id.toLowerCase(), { ...data, version });
        renderGoals();
        return data;
      } catch (error) {
        if (error.status === 412) {
          const { data } = await api('GET', `/v1/plans/${seg(plan.id)}/goals`);
          const fresh = (data.items || []).find((g) => sameId(g.unit_id, unit.id));
          if (fresh) goals.set(unit.id.toLowerCase(), fresh);
          version = fresh?.version ?? null;
          renderGoals();
          announce(notices, 'error', t('conflict.title'), h('p', t('setup.goalConflict')));
        } else {
          errors.show(apiFieldErrors(error, describe));
        }
        return null;
      } finally {
        submit.disabled = false;
        previewButton.disabled = false;
      }
    }

    async function save(event) {
      event.preventDefault();
      replace(notices);
      const { body, problems } = read();
      if (problems.length) return errors.show(problems);
      errors.clear();
      const data = await put(body);
      if (!data) return;
      const stored = data.values || {};
      const sameMonths = (a, b) => a && b && a.months.length === b.months.length && a.months.every((v, i) => v === b.months[i]);
      const same = previewed !== null && previewed.body === JSON.stringify(body)
        && Object.keys(stored).every((k) => sameMonths(stored[k], previewed.values[k]));
      const lastYear = await unitLastYear(unit.id);
      replace(previewHost);
      replace(savedHost, banner('success', t('setup.saved', { unit: unit.name }),
        h('p', t(previewed === null ? 'setup.savedBody' : same ? 'setup.savedSame' : 'setup.savedDiffers')),
        monthTable(plan, rowsFor(stored, lastYear, t('setup.savedRow')), t('setup.saved', { unit: unit.name }))));
      savedHost.firstChild?.focus();
      renderPublish();
    }

    function describe(path) {
      const m = /^(?:values|capacity|last_year)\.([a-z0-9_]+)/.exec(path || '');
      return m ? metricName(m[1]) : path || '';
    }

    const unitSelect = choice(order.map(({ unit: u, depth }) => [u.id, indent(depth, u.name)]), unit.id, (id) => {
      editing = byId.get(id.toLowerCase()) || scope;
      renderEditor();
    });
    const previewButton = secondaryButton(t('setup.preview'), preview);
    const submit = h('button.button', { type: 'submit' }, t('setup.save'));
    const el = h('div',
      h('h2', { id: 'editor-title', tabIndex: -1 }, t('setup.editorFor', { unit: unit.name })),
      inlineField(t('setup.col.unit'), unitSelect),
      h('form.form.goal-form', { noValidate: true, on: { submit: save } },
        summary, h('p.hint', t('setup.editorHint')),
        blocks.map((b) => b.el),
        h('div.button-row', previewButton, submit)),
      previewHost, savedHost);
    return { el, unit, blocks };
  }

  async function openCalculator(state) {
    // The target is the year being typed: the annual value, or the sum of the months.
    let target = parseValue(state.annual.input.value, 'currency', plan.currency);
    if (state.mode.input.value === 'months') {
      const parsed = state.months.map((input) => parseValue(input.value, 'currency', plan.currency));
      target = parsed.some((p) => p.error && p.error !== 'empty') ? { error: 'format' } : { value: sum(parsed.map((p) => p.value ?? 0n)) };
    }
    const unit = editing;
    calcHost.hidden = false;
    // A fresh calculator per unit: last year's figures of one unit must not carry over to another.
    if (!calc || calc.unitId !== unit.id) {
      calc = calculator({
        currency: plan.currency,
        onUseTarget: (minor) => {
          const block = editor?.blocks.find((b) => b.metric.key === calc.metricKey);
          if (!block) return;
          if (block.mode.input.value === 'months') {
            block.mode.input.value = 'last_year';
            block.mode.input.dispatchEvent(new Event('change'));
          }
          block.annual.input.value = inputText(minor, 'currency', plan.currency);
          block.annual.input.focus();
        },
      });
      replace(calcHost, calc.el, secondaryButton(t('setup.closeCalc'), () => { calcHost.hidden = true; editorHost.querySelector('.calc-open')?.focus(); }, '.button--small'));
    }
    calc.unitId = unit.id;
    calc.metricKey = state.metric.key;
    calc.setTarget(target.error ? null : target.value);
    // Last year's figures of the unit where it has actuals (zero is no figure: the solver needs positive ones).
    const lastYear = (await unitLastYear(unit.id)) || {};
    const annual = (key) => {
      const v = lastYear[key]?.annual;
      return v === undefined || v === null || BigInt(v) <= 0n ? null : BigInt(v);
    };
    const baseline = {
      revenue: annual(state.metric.key), deals: annual('deals'), qualified_leads: annual('qualified_leads') ?? annual('leads'),
    };
    if (calc.unitId !== unit.id || calc.metricKey !== state.metric.key) return; // another unit or metric opened meanwhile
    const found = Object.values(baseline).some((v) => v !== null);
    calc.setBaseline(baseline, found ? t('calc.prefilled', { unit: unit.name }) : t('calc.notPrefilled', { unit: unit.name }));
    calc.el.scrollIntoView({ block: 'start' });
    calc.el.querySelector('h2').focus();
  }

  function renderPublish() {
    const actions = plan.allowed_actions || [];
    const hasScopeGoal = goals.has(plan.unit_id.toLowerCase());
    if (!actions.includes('publish')) {
      replace(publishHost, h('h2', { id: 'publish-title' }, t('setup.publish')),
        h('p', stateTag('plan', plan.state), ' ', t(plan.state === 'draft' ? 'setup.publishNotYours' : 'setup.published')),
        plan.state !== 'draft' ? h('p', h('a', { href: `#/plans/${plan.id}/approval` }, t('setup.toApproval'))) : null);
      return;
    }
    const status = h('div');
    const button = h('button.button', {
      type: 'button',
      on: {
        click: async () => {
          button.disabled = true;
          try {
            plan = versioned(await api('POST', `/v1/plans/${seg(plan.id)}/transitions`, {
              body: { action: 'publish' }, ifMatch: plan.version, idempotencyKey: newKey(),
            }));
            renderHeader();
            await renderAbout();
            renderGoals();
            renderPublish();
            announce(notices, 'success', t('setup.publishedTitle'), h('p', t('approval.nowState'), ' ', stateTag('plan', plan.state)),
              h('p', h('a', { href: `#/plans/${plan.id}/approval` }, t('setup.toApproval'))));
          } catch (error) {
            if (error.status === 412) plan = await loadPlan(plan.id);
            const reasons = error.body?.reasons;
            announce(status, 'error', t('setup.publishFailed'), h('p', problemText(error)),
              Array.isArray(reasons) && reasons.length ? h('ul', reasons.map((r) => h('li', r))) : null);
          } finally {
            button.disabled = false;
          }
        },
      },
    }, t('action.publish'));
    replace(publishHost, h('h2', { id: 'publish-title' }, t('setup.publish')),
      h('p', t('setup.publishAbout')),
      h('p', hasScopeGoal ? tag(t('setup.scopeGoalSet'), 'green') : tag(t('setup.scopeGoalMissing', { unit: scope?.name || '' }), 'red')),
      status, button);
  }

  renderHeader();
  await renderAbout();
  renderGoals();
  renderEditor();
  renderPublish();
  if (ctx.notice) replace(notices, banner('success', ctx.notice));
}
