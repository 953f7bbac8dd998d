// Form conventions from the GOV.UK Design System: label above the field, hint under the label, the error
// message under them, and on a failed submit an error summary at the top linking to each field.
import { h, replace, uid } from './dom.js';
import { t, tOr } from './i18n.js';

/** A labelled field. `input` is the control; returns {wrapper, input, error}. */
export function field({ label, hint, input, labelClass }) {
  const id = input.id || uid('f');
  input.id = id;
  const hintEl = hint ? h('div.hint', { id: `${id}-hint` }, hint) : null;
  const error = h('p.field-error', { id: `${id}-error`, hidden: true });
  input.setAttribute('aria-describedby', hint ? `${id}-hint ${id}-error` : `${id}-error`);
  const wrapper = h('div.field', h('label', { htmlFor: id, class: labelClass }, label), hintEl, error, input);
  return { wrapper, input, error };
}

/** Collects a form's fields by API field name and shows errors next to them and in a summary. */
export class FormErrors {
  constructor(summaryHost) {
    this.summaryHost = summaryHost;
    this.fields = new Map();
  }

  register(name, entry) {
    this.fields.set(name, entry);
    return entry;
  }

  /** A fieldset as one field: an error on it (or below it) marks the group, the summary links to `input`. */
  registerGroup(name, wrapper, input) {
    return this.register(name, { wrapper, input, error: h('p.field-error', { hidden: true }) });
  }

  clear() {
    replace(this.summaryHost);
    this.summaryHost.hidden = true;
    for (const entry of this.fields.values()) {
      entry.error.hidden = true;
      replace(entry.error);
      entry.wrapper.classList.remove('field--error');
      entry.input.removeAttribute('aria-invalid');
    }
  }

  /** The registered field an API path such as `values.revenue.months[3]` belongs to (longest prefix). */
  resolve(path) {
    if (!path) return null;
    let best = null;
    for (const name of this.fields.keys()) {
      if (path === name || path.startsWith(`${name}.`) || path.startsWith(`${name}[`)) {
        if (!best || name.length > best.length) best = name;
      }
    }
    return best ? this.fields.get(best) : null;
  }

  /** errors: [{field, message}]; messages already in words. Focuses the summary. */
  show(errors, title = t('errors.title')) {
    this.clear();
    const items = [];
    const messages = new Map();
    for (const { field: path, message } of errors) {
      const entry = this.resolve(path);
      if (entry) {
        if (!messages.has(entry)) messages.set(entry, []);
        messages.get(entry).push(message);
        items.push(h('li', h('a', {
          href: `#${entry.input.id}`,
          on: { click: (e) => { e.preventDefault(); entry.input.focus(); entry.input.scrollIntoView({ block: 'center' }); } },
        }, message)));
      } else {
        items.push(h('li', message));
      }
    }
    for (const [entry, list] of messages) {
      entry.wrapper.classList.add('field--error');
      entry.input.setAttribute('aria-invalid', 'true');
      entry.error.hidden = false;
      replace(entry.error, h('span.visually-hidden', `${t('errors.prefix')} `), list.join('; '));
    }
    replace(this.summaryHost, h('h2.error-summary-title', title), h('ul.error-summary-list', items));
    this.summaryHost.hidden = false;
    this.summaryHost.focus();
  }
}

/** An error summary host: focusable, announced. */
export function summaryHost() {
  return h('div.error-summary', { hidden: true, tabIndex: -1, attrs: { role: 'alert' } });
}

/** Server validation errors in words: the message the server gives, prefixed with what field it is. */
export function apiFieldErrors(error, describe = (f) => f) {
  if (error.errors?.length) {
    return error.errors.map((e) => ({ field: e.field, message: `${describe(e.field)}: ${e.message}` }));
  }
  return [{ field: null, message: problemText(error) }];
}

/** A failure in words, from its code (and the server's detail when there is no better one). */
export function problemText(error) {
  if (error.network) return t('error.network');
  const known = tOr(`error.${error.code}`, null);
  if (known) return error.detail && ['guard_failed', 'invalid_state', 'forbidden', 'conflict'].includes(error.code)
    ? `${known} (${error.detail})` : known;
  return error.detail || t('error.unknown', { status: error.status });
}

/** A notification banner (success or important), announced politely. */
export function banner(kind, title, ...body) {
  return h(`div.banner.banner--${kind}`, { attrs: { role: kind === 'error' ? 'alert' : 'status' }, tabIndex: -1 },
    h('h2.banner-title', title), ...body);
}

/** Shows a banner in `host` and moves the focus to it. */
export function announce(host, kind, title, ...body) {
  const b = banner(kind, title, ...body);
  replace(host, b);
  b.focus();
  return b;
}

/** A text input for a number: right-aligned, a digit keyboard on phones, no autocomplete or spell check. */
export function numberInput(props) {
  return h('input.input.input--number', { type: 'text', inputMode: 'numeric', autocomplete: 'off', spellcheck: false, ...props });
}

/** The problem of a value that did not parse: "Revenue: use at most 2 decimal places". */
export function parseProblem(field, label, error, digits = 0) {
  return { field, message: `${label}: ${t(`parse.${error}`, { digits })}` };
}

/** A select of `options` ([value, label]) with `selected` chosen; `onChange(value)` when another is chosen. */
export function choice(options, selected, onChange, props = {}) {
  const el = h('select.select', { id: uid('select'), ...props, on: { change: () => onChange?.(el.value) } },
    options.map(([value, label]) => h('option', { value, selected: value === selected }, label)));
  return el;
}

/** A control with its label above it, for the filters over a table. */
export function inlineField(label, control) {
  return h('div.field.field--inline', h('label', { htmlFor: control.id }, label), control);
}

/** A secondary button that runs `onClick`; `more` adds classes ('.button--small') or props. */
export function secondaryButton(label, onClick, more = '', props = {}) {
  return h(`button.button.button--secondary${more}`, { type: 'button', ...props, on: { click: onClick } }, label);
}

export function tag(text, tone) {
  return h(`strong.tag.tag--${tone}`, text);
}

export const loadingNote = (text) => h('p.loading', { attrs: { role: 'status' } }, text);

/**
 * Loads and renders into `host`: nothing for 300 ms, then "Loading"; a failure shows what failed and
 * a "Try again" button. `fn` returns the content node(s).
 */
export async function load(host, fn) {
  let done = false;
  const timer = setTimeout(() => {
    if (!done) replace(host, loadingNote(t('loading')));
  }, 300);
  try {
    const content = await fn();
    done = true;
    clearTimeout(timer);
    if (content !== undefined) replace(host, content);
    return true;
  } catch (error) {
    done = true;
    clearTimeout(timer);
    if (error?.status === 401) return false;
    replace(host, failure(error, () => load(host, fn)));
    return false;
  }
}

export function failure(error, retry) {
  if (!(error && 'status' in error)) console.warn(error);
  const notFound = error?.status === 404;
  return h('div.failure', { attrs: { role: 'alert' } },
    h('h2', notFound ? t('failure.notFound') : t('failure.title')),
    h('p', notFound ? t('failure.notFoundBody') : problemText(error || {})),
    notFound
      ? h('p', h('a', { href: '#/' }, t('nav.home')))
      : secondaryButton(t('retry'), retry));
}
