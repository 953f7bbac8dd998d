// The proposal form: values per month or per year, the funnel with its verdict while typing, a rationale.
// Ramp months take no value for metrics that do not apply in them: those inputs are disabled.
import { api, seg, idempotency } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t, locale, formatMonth, planMonths, monthLabels } from '../i18n.js';
import { field, FormErrors, summaryHost, apiFieldErrors, numberInput, parseProblem } from '../forms.js';
import {
  parseValue, inputText, formatValue, formatMoney, formatBps, sum, split, impliedRevenue, isWithin, deviationBps, unitDigits,
} from '../money.js';
import { metricLabel, metricName } from './common.js';

/** Whether `metric` may be non-zero in month `index` of a rep with `rampMonths` ramp months. */
export function applies(metric, index, rampMonths) {
  const ramp = index < rampMonths;
  if (metric.applies === 'ramp_only') return ramp;
  if (metric.applies === 'post_ramp') return !ramp;
  return true;
}

export function proposalForm({ plan, assignment, side, explain, prefill, onSubmitted, onConflict }) {
  const months = planMonths(plan.start_month, plan.months);
  const labels = monthLabels(months, 'long');
  const shortLabels = monthLabels(months);
  const ramp = assignment.ramp_months_in_plan || 0;
  const summary = summaryHost();
  const errors = new FormErrors(summary);
  const fmt = (metric, v) => formatValue(v, metric.unit, plan.currency, locale());
  let baseVersion = assignment.version;
  const keys = idempotency();
  const metricState = [];

  const blocks = plan.metrics.map((metric) => {
    const state = { metric, mode: 'months', inputs: [] };
    metricState.push(state);
    const prefix = `values.${metric.key}`;
    const groupName = uid(`mode-${metric.key}`);
    const source = prefill?.values?.[metric.key]?.months;
    const inputMode = metric.unit === 'currency' ? 'decimal' : 'numeric';

    const monthsGrid = h('div.month-grid');
    months.forEach((month, i) => {
      const allowed = applies(metric, i, ramp);
      const input = numberInput({
        inputMode, name: `${metric.key}-${month}`, value: allowed ? inputText(source?.[i], metric.unit, plan.currency) : '0', disabled: !allowed,
      });
      const hint = allowed ? null : (i < ramp ? t('form.rampMonthNA') : t('form.postRampNA'));
      const f = errors.register(`${prefix}.months[${i}]`, field({
        label: labels[i], hint, input, labelClass: i < ramp ? 'label--ramp' : '',
      }));
      f.wrapper.classList.add('month-cell');
      if (i < ramp) f.wrapper.classList.add('month-cell--ramp');
      if (!allowed) f.wrapper.classList.add('month-cell--na');
      input.addEventListener('input', update);
      state.inputs.push({ input, allowed });
      monthsGrid.append(f.wrapper);
    });

    const annualInput = numberInput({
      inputMode, name: `${metric.key}-annual`, value: source ? inputText(sum(source), metric.unit, plan.currency) : '', class: 'input--wide',
    });
    annualInput.addEventListener('input', update);
    const annualField = errors.register(`${prefix}.annual`, field({
      label: t('form.annualValue', { metric: metricLabel(metric, plan) }), input: annualInput,
    }));
    const lastYear = explain?.last_year?.[metric.key]?.months;
    const hasLastYear = Array.isArray(lastYear) && lastYear.some((v) => v > 0);
    const select = h('select.select', { name: `${metric.key}-distribution` },
      h('option', { value: 'even' }, t('form.distEven')),
      hasLastYear ? h('option', { value: 'last_year' }, t('form.distLastYear')) : null);
    select.addEventListener('change', update);
    const distField = errors.register(`${prefix}.distribution`, field({
      label: t('form.distribution'), hint: t('form.distributionHint'), input: select,
    }));
    state.annual = annualInput;
    state.distribution = select;
    state.lastYear = hasLastYear ? lastYear : null;
    state.preview = h('p.preview', { attrs: { 'aria-live': 'polite' } });
    const annualBox = h('div.annual-box', { hidden: true }, annualField.wrapper, distField.wrapper, state.preview);

    const radios = ['months', 'annual'].map((mode) => {
      const id = uid('r');
      const input = h('input.radio-input', { type: 'radio', name: groupName, value: mode, id, checked: mode === 'months' });
      input.addEventListener('change', () => {
        state.mode = mode;
        monthsGrid.hidden = mode !== 'months';
        annualBox.hidden = mode !== 'annual';
        update();
      });
      return h('div.radio', input, h('label', { htmlFor: id }, mode === 'months' ? t('form.modeMonths') : t('form.modeAnnual')));
    });
    state.total = h('p.total', { attrs: { 'aria-live': 'polite' } });
    const rampNote = ramp > 0 && metric.applies !== 'all'
      ? h('p.hint', t(metric.applies === 'post_ramp' ? 'form.postRampMetric' : 'form.rampOnlyMetric', { metric: metricName(metric.key), months: ramp }))
      : null;
    const group = h('fieldset.fieldset.metric-block', { dataset: { metric: metric.key } },
      h('legend.fieldset-legend', metricLabel(metric, plan)),
      rampNote,
      h('div.radios.radios--inline', { attrs: { role: 'radiogroup', 'aria-label': t('form.modeLabel', { metric: metricName(metric.key) }) } }, radios),
      monthsGrid, annualBox, state.total);
    errors.registerGroup(prefix, group, radios[0].querySelector('input'));
    return group;
  });

  const a = prefill?.assumptions;
  const assumption = (name, label, hint, value, inputMode = 'decimal') => errors.register(`assumptions.${name}`, field({
    label, hint, input: numberInput({ inputMode, name: name === 'win_rate_bps' ? 'win_rate' : name, value }),
  }));
  const leads = assumption('qualified_leads', t('metric.qualified_leads'), t('form.leadsHint'), inputText(a?.qualified_leads, 'count'), 'numeric');
  const winRate = assumption('win_rate_bps', t('form.winRate'), t('form.winRateHint'), inputText(a?.win_rate_bps, 'ratio'));
  const dealSize = assumption('avg_deal_size', t('form.dealSize', { currency: plan.currency }), t('form.dealSizeHint'),
    inputText(a?.avg_deal_size, 'currency', plan.currency));
  const verdict = h('div.verdict', { attrs: { 'aria-live': 'polite' } });
  const funnel = h('fieldset.fieldset',
    h('legend.fieldset-legend', t('form.funnel')),
    h('p.hint', t('form.funnelHint')),
    h('div.funnel-grid', leads.wrapper, winRate.wrapper, dealSize.wrapper),
    verdict);
  errors.registerGroup('assumptions', funnel, leads.input);
  for (const f of [leads, winRate, dealSize]) f.input.addEventListener('input', update);

  const rationale = errors.register('rationale', field({
    label: t('form.rationale'), hint: t('form.rationaleHint'),
    input: h('textarea.textarea', { rows: 4, maxLength: 10000, name: 'rationale' }),
  }));

  const submit = h('button.button', { type: 'submit' });
  const relabel = (a) => {
    submit.textContent = side === 'rep'
      ? (a.proposals.some((p) => p.side === 'rep') ? t('form.submitCounterRep') : t('form.submitEstimate'))
      : t('form.submitCounter');
  };
  relabel(assignment);
  const status = h('div.form-status', { attrs: { role: 'status' } });
  const form = h('form.form.proposal-form', { noValidate: true, on: { submit: onSubmit } },
    summary, blocks, funnel, rationale.wrapper, h('div.button-row', submit), status);

  /** Parsed state: {values, assumptions, problems: [{field, message}]} with months per metric as BigInt. */
  function read({ strict }) {
    const problems = [];
    const values = {};
    const resolved = {};
    for (const s of metricState) {
      const { metric } = s;
      const prefix = `values.${metric.key}`;
      if (s.mode === 'months') {
        const list = [];
        let blank = 0;
        s.inputs.forEach(({ input, allowed }, i) => {
          if (!allowed) { list.push(0n); return; }
          const parsed = parseValue(input.value, metric.unit, plan.currency);
          if (parsed.error === 'empty') { blank += 1; list.push(0n); return; }
          if (parsed.error) {
            problems.push(parseProblem(`${prefix}.months[${i}]`, `${metricName(metric.key)}, ${formatMonth(months[i])}`, parsed.error, digitsOf(metric)));
            list.push(null);
            return;
          }
          list.push(parsed.value);
        });
        if (strict && blank > 0 && blank < s.inputs.filter((x) => x.allowed).length) {
          // Some months left blank: they count as 0, which is rarely meant, so ask.
          const first = s.inputs.findIndex(({ input, allowed }) => allowed && input.value.trim() === '');
          problems.push({ field: `${prefix}.months[${first}]`, message: t('form.blankMonths', { metric: metricName(metric.key) }) });
        }
        resolved[metric.key] = list;
        if (!list.includes(null)) values[metric.key] = { months: list.map(Number) };
      } else {
        const parsed = parseValue(s.annual.value, metric.unit, plan.currency);
        if (parsed.error) {
          if (parsed.error !== 'empty' || strict) {
            problems.push(parseProblem(`${prefix}.annual`, metricName(metric.key), parsed.error, digitsOf(metric)));
          }
          resolved[metric.key] = null;
          continue;
        }
        const weights = weightsFor(s);
        resolved[metric.key] = split(parsed.value, weights);
        values[metric.key] = { annual: Number(parsed.value), distribution: { weights } };
      }
    }
    let assumptions = null;
    const texts = [leads.input.value, winRate.input.value, dealSize.input.value];
    if (texts.some((x) => x.trim() !== '')) {
      const l = parseValue(leads.input.value, 'count');
      const w = parseValue(winRate.input.value, 'ratio');
      const d = parseValue(dealSize.input.value, 'currency', plan.currency);
      const check = (parsed, name, label, unit) => {
        if (parsed.error && (parsed.error !== 'empty' || strict)) {
          problems.push(parseProblem(`assumptions.${name}`, label, parsed.error, unitDigits(unit, plan.currency)));
        }
      };
      check(l, 'qualified_leads', t('metric.qualified_leads'), 'count');
      check(w, 'win_rate_bps', t('form.winRate'), 'ratio');
      check(d, 'avg_deal_size', t('form.dealSizeShort'), 'currency');
      if (!w.error && w.value > 10000n) problems.push({ field: 'assumptions.win_rate_bps', message: t('form.winRateRange') });
      if (!l.error && !w.error && !d.error && w.value <= 10000n) {
        assumptions = { qualified_leads: Number(l.value), win_rate_bps: Number(w.value), avg_deal_size: Number(d.value) };
      }
    }
    return { values, resolved, assumptions, problems };
  }

  const digitsOf = (metric) => unitDigits(metric.unit, plan.currency);

  function weightsFor(s) {
    return months.map((_, i) => {
      if (!applies(s.metric, i, ramp)) return 0;
      if (s.distribution.value === 'last_year' && s.lastYear) return Math.max(0, Number(s.lastYear[i % s.lastYear.length] || 0));
      return 1;
    });
  }

  function update() {
    const { resolved, assumptions } = read({ strict: false });
    for (const s of metricState) {
      const list = resolved[s.metric.key];
      if (!list || list.includes(null)) {
        replace(s.total, t('form.totalPending'));
      } else {
        replace(s.total, t('form.total'), ' ', h('strong.num', fmt(s.metric, sum(list))));
      }
      if (s.mode === 'annual') {
        replace(s.preview, list && !list.includes(null)
          ? [t('form.preview'), ' ', list.map((v, i) => `${shortLabels[i]}: ${fmt(s.metric, v)}`).join(' · ')]
          : '');
      }
    }
    const revenue = plan.metrics.find((m) => m.key === 'revenue');
    const revList = revenue ? resolved.revenue : null;
    if (!assumptions) {
      replace(verdict, h('p.hint', t('form.verdictPending')));
      return;
    }
    const implied = impliedRevenue(assumptions.qualified_leads, assumptions.win_rate_bps, assumptions.avg_deal_size);
    const parts = [h('p', t('form.implied'), ' ', h('strong.num', formatMoney(implied, plan.currency, locale())))];
    if (revList && !revList.includes(null)) {
      const annual = sum(revList);
      const ok = isWithin(annual, implied, plan.tolerance_bps);
      const dev = deviationBps(annual, implied);
      parts.push(h(`p.verdict-line.verdict--${ok ? 'ok' : 'bad'}`,
        h('strong', ok ? t('form.consistent') : t('form.inconsistent')), ' ',
        ok ? t('form.consistentBody', { annual: formatMoney(annual, plan.currency, locale()), tolerance: formatBps(plan.tolerance_bps, locale()) })
          : dev === null ? t('form.inconsistentZero')
            : t(dev > 0n ? 'form.inconsistentAbove' : 'form.inconsistentBelow', {
              annual: formatMoney(annual, plan.currency, locale()), deviation: formatBps(dev < 0n ? -dev : dev, locale()),
            })));
    }
    replace(verdict, parts);
  }

  async function onSubmit(event) {
    event.preventDefault();
    replace(status);
    const { values, assumptions, problems } = read({ strict: true });
    if (problems.length) return errors.show(problems);
    errors.clear();
    const body = { values };
    if (assumptions) body.assumptions = assumptions;
    if (rationale.input.value.trim()) body.rationale = rationale.input.value;
    submit.disabled = true;
    try {
      const { data, version } = await api('POST', `/v1/plans/${seg(plan.id)}/assignments/${seg(assignment.rep_id)}/proposals`, {
        body, ifMatch: baseVersion, idempotencyKey: keys.for(body),
      });
      baseVersion = version;
      keys.settle();
      rationale.input.value = '';
      replace(status, h('p.success', t('form.sent')));
      await onSubmitted(data, version);
    } catch (error) {
      keys.settle(error);
      if (error.status === 412) {
        errors.clear();
        await onConflict(error);
      } else {
        errors.show(apiFieldErrors(error, describe));
      }
    } finally {
      submit.disabled = false;
    }
  }

  function describe(path) {
    const m = /^values\.([a-z0-9_]+)(?:\.months\[(\d+)\])?/.exec(path || '');
    if (m) return m[2] !== undefined ? `${metricName(m[1])}, ${formatMonth(months[Number(m[2])])}` : metricName(m[1]);
    if ((path || '').startsWith('assumptions')) return t('form.funnel');
    if (path === 'rationale') return t('form.rationale');
    return path || '';
  }

  update();
  return {
    el: form,
    submit,
    /** After a conflict, the next submit goes against the version the person has now seen. */
    rebase(version) { baseVersion = version; },
    /** The button says what the next proposal will be (an estimate first, then counter-proposals). */
    relabel,
  };
}
