// Languages: English and Simplified Chinese. Every visible string goes through t(); numbers and dates
// through Intl in the chosen locale.
import enGroups from './strings-en.js';
import zhGroups from './strings-zh.js';

/** The string files group keys by their first part ({track: {week: …}} holds 'track.week'): one flat map here. */
function flatten(groups) {
  const out = {};
  for (const [group, value] of Object.entries(groups)) {
    if (typeof value === 'string') out[group] = value;
    else for (const [key, s] of Object.entries(value)) out[`${group}.${key}`] = s;
  }
  return out;
}

const en = flatten(enGroups);
const dictionaries = { en, zh: flatten(zhGroups) };
const locales = { en: 'en-US', zh: 'zh-CN' };
let language = initialLanguage();

function initialLanguage() {
  try {
    const saved = localStorage.getItem('parley.language');
    if (saved && dictionaries[saved]) return saved;
  } catch { /* storage may be disabled */ }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language || 'en'];
  for (const tag of preferred) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (dictionaries[base]) return base;
  }
  return 'en';
}

export function currentLanguage() {
  return language;
}

export function locale() {
  return locales[language];
}

export function setLanguage(next) {
  if (!dictionaries[next]) return;
  language = next;
  try { localStorage.setItem('parley.language', next); } catch { /* ignore */ }
  document.documentElement.lang = locales[next];
}

/** The string `key` with {name} placeholders filled (values as text). */
export function t(key, params = {}) {
  let s = dictionaries[language][key] ?? en[key];
  if (s === undefined) {
    console.warn(`missing string ${key}`);
    s = key;
  }
  return s.replace(/\{(\w+)\}/g, (_, name) => (params[name] === undefined ? `{${name}}` : String(params[name])));
}

/** A string that may not exist (e.g. a flag or code the server adds later): falls back to `fallback`. */
export function tOr(key, fallback, params) {
  return dictionaries[language][key] !== undefined || en[key] !== undefined ? t(key, params) : fallback;
}

const dateFormats = new Map();
function dateFormat(options) {
  const key = language + JSON.stringify(options);
  if (!dateFormats.has(key)) dateFormats.set(key, new Intl.DateTimeFormat(locale(), options));
  return dateFormats.get(key);
}

/** "12 Jan 2027, 10:04" in the locale. */
export function formatDateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso ?? '');
  return dateFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** "Jan 2027" for "2027-01" (plan months are calendar months, not instants: formatted in UTC). */
export function formatMonth(yearMonth, style = 'short', withYear = true) {
  const [y, m] = String(yearMonth).split('-').map(Number);
  const options = withYear ? { month: style, year: 'numeric', timeZone: 'UTC' } : { month: style, timeZone: 'UTC' };
  return dateFormat(options).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** Column labels for a plan's months: "Jan", or "Jan 2027" when the plan spans two calendar years. */
export function monthLabels(months, style = 'short') {
  const years = new Set(months.map((m) => m.slice(0, 4)));
  return months.map((m) => formatMonth(m, style, years.size > 1));
}

export function planMonths(startMonth, count) {
  const [y, m] = String(startMonth).split('-').map(Number);
  const out = [];
  for (let i = 0; i < count; i += 1) {
    const total = (m - 1) + i;
    out.push(`${y + Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}
