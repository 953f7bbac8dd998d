// Exact numbers: currency values are integers of minor units, ratios are basis points. Parsing and
// formatting go through BigInt and decimal strings, never through floating point.

export const MAX_VALUE = 9007199254740991n;

/** Minor-unit digits of an ISO 4217 currency (CNY 2, JPY 0, KWD 3). */
export function minorDigits(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

/** A decimal string "123.45" of `minor` (BigInt or integer) with `digits` fraction digits. */
export function decimalString(minor, digits) {
  let v = BigInt(minor);
  const negative = v < 0n;
  if (negative) v = -v;
  if (digits === 0) return (negative ? '-' : '') + v.toString();
  const scale = 10n ** BigInt(digits);
  const whole = v / scale;
  const frac = (v % scale).toString().padStart(digits, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

// Intl.NumberFormat formats decimal strings exactly (no float on the way).
const formatters = new Map();
function formatter(locale, options) {
  const key = locale + JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** ¥1,234.56 from 123456 minor units. */
export function formatMoney(minor, currency, locale, { symbol = true, whole = false } = {}) {
  if (minor === null || minor === undefined) return '';
  // `whole`: the caller knows every value shown together has no minor part, so dropping it stays exact.
  const digits = whole ? 0 : minorDigits(currency);
  if (whole) minor = BigInt(minor) / 10n ** BigInt(minorDigits(currency));
  const options = symbol
    ? { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }
    : { minimumFractionDigits: digits, maximumFractionDigits: digits };
  return formatter(locale, options).format(decimalString(minor, digits));
}

export function formatCount(value, locale) {
  if (value === null || value === undefined) return '';
  return formatter(locale, { maximumFractionDigits: 0 }).format(BigInt(value));
}

/** 20 % from 2000 bps (up to two decimals, exact). */
export function formatBps(bps, locale) {
  if (bps === null || bps === undefined) return '';
  return formatter(locale, { style: 'percent', maximumFractionDigits: 2 }).format(decimalString(bps, 4));
}

export function formatValue(value, unit, currency, locale, options) {
  if (unit === 'currency') return formatMoney(value, currency, locale, options);
  if (unit === 'ratio') return formatBps(value, locale);
  return formatCount(value, locale);
}

/**
 * Parses what a person typed into an exact integer with `digits` decimal places moved left of the point
 * ("1,234.56" with 2 digits is 123456n). Accepts grouping commas in the usual places, spaces, a leading
 * currency sign, full-width digits. Returns {value: BigInt} or {error: 'format'|'precision'|'range'|'negative'|'empty'}.
 */
export function parseDecimal(text, digits) {
  let s = String(text ?? '')
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFF10 + 48))
    .replace(/[\uFF0C]/g, ',').replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[\s\u00A0\u202F]/g, '')
    .replace(/^[¥￥$€£]|^(CN¥|RMB|CNY|US\$)/i, '');
  if (s === '') return { error: 'empty' };
  if (s.startsWith('-') || s.startsWith('\u2212')) return { error: 'negative' };
  if (s.startsWith('+')) s = s.slice(1);
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/.exec(s) || /^()\.(\d+)$/.exec(s);
  if (!m) return { error: 'format' };
  const whole = (m[1] || '0').replace(/,/g, '');
  let frac = m[2] || '';
  // Extra fraction digits are fine only when they are zeros: anything else cannot be exact.
  if (frac.length > digits) {
    if (/[^0]/.test(frac.slice(digits))) return { error: 'precision' };
    frac = frac.slice(0, digits);
  }
  frac = frac.padEnd(digits, '0');
  const value = BigInt(whole) * 10n ** BigInt(digits) + BigInt(frac || '0');
  if (value > MAX_VALUE) return { error: 'range' };
  return { value };
}

/** Decimal places a value of `unit` is typed with: money in major units, a ratio in percent ("20.5" % is 2050 bps). */
export function unitDigits(unit, currency) {
  return unit === 'currency' ? minorDigits(currency) : unit === 'ratio' ? 2 : 0;
}

export function parseValue(text, unit, currency) {
  return parseDecimal(text, unitDigits(unit, currency));
}

/** What a person would type back for a stored value (no grouping, '.' decimal). */
export function inputText(value, unit, currency) {
  return value === null || value === undefined ? '' : decimalString(value, unitDigits(unit, currency));
}

/** Whether every value is a whole number of major units (so a row can be shown without decimals). */
export function allWhole(values, currency) {
  const scale = 10n ** BigInt(minorDigits(currency));
  return values.every((v) => v === null || v === undefined || BigInt(v) % scale === 0n);
}

export function sum(values) {
  return values.reduce((a, v) => a + BigInt(v ?? 0), 0n);
}

/**
 * The server's split of `total` over `weights` (largest remainder: floors, then one unit each to the
 * largest remainders, ties to the earlier month), so the preview shows exactly what will be stored.
 */
export function split(total, weights) {
  const t = BigInt(total);
  const w = weights.map((x) => BigInt(x));
  const sumW = w.reduce((a, b) => a + b, 0n);
  if (sumW === 0n) return split(total, weights.map(() => 1));
  const base = w.map((x) => (t * x) / sumW);
  const rem = w.map((x, i) => ({ i, r: (t * x) % sumW }));
  let left = t - base.reduce((a, b) => a + b, 0n);
  rem.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rem) {
    if (left <= 0n) break;
    base[i] += 1n;
    left -= 1n;
  }
  return base;
}

/** Revenue implied by the funnel: leads × win rate × deal size, half up (as the server rounds). */
export function impliedRevenue(leads, winRateBps, dealSize) {
  const product = BigInt(leads) * BigInt(winRateBps) * BigInt(dealSize);
  return (product + 5000n) / 10000n;
}

/** Whether `value` is within `toleranceBps` of `target`: |value − target| × 10000 ≤ tolerance × |target|. */
export function isWithin(value, target, toleranceBps) {
  const diff = BigInt(value) - BigInt(target);
  const abs = (x) => (x < 0n ? -x : x);
  return abs(diff) * 10000n <= BigInt(toleranceBps) * abs(BigInt(target));
}

/** a × 10000 / b, half up (a, b ≥ 0), as the server rounds; null when b is 0. */
export function ratioBps(a, b) {
  const bb = BigInt(b ?? 0);
  if (bb === 0n) return null;
  return (BigInt(a ?? 0) * 20000n + bb) / (2n * bb);
}

/** "+12 %", "−3 %" from bps; null for no value. */
export function formatSignedBps(bps, locale) {
  if (bps === null || bps === undefined) return null;
  const v = BigInt(bps);
  return `${v > 0n ? '+' : v < 0n ? '−' : ''}${formatBps(v < 0n ? -v : v, locale)}`;
}

/** (a − b) × 10000 / b in bps, rounded half away from zero; null when b is 0. */
export function deviationBps(a, b) {
  const bb = BigInt(b);
  if (bb === 0n) return null;
  const num = (BigInt(a) - bb) * 10000n;
  const q = num / bb;
  const r = num % bb;
  const abs = (x) => (x < 0n ? -x : x);
  if (abs(r) * 2n >= abs(bb)) return q + ((num < 0n) !== (bb < 0n) ? -1n : 1n);
  return q;
}
