// Actuals import: a CSV from a spreadsheet, sent to `POST /v1/actuals`, which stores a request all or nothing.
// Spreadsheets on Chinese Windows save "CSV" in GB18030/GBK: the file is decoded here and always sent as UTF-8.
// A file larger than one request goes in parts of whole rows; line numbers shown are always the file's own.
import { api, newKey } from '../api.js';
import { h, replace, uid, dataTable, th } from '../dom.js';
import { t, locale } from '../i18n.js';
import { field, banner, problemText, tag } from '../forms.js';
import { formatCount, MAX_VALUE } from '../money.js';
import { heading, breadcrumbs } from './common.js';
import { forgetProgress } from './tracking.js';

const HEADER = 'user_email,metric,date,value';
// The server refuses bodies over 1 MiB (Limits.maximumBodySize) with 413. Half of it stays clear of that (and of
// a smaller limit in a proxy) with ~10,000 rows a part, each one short transaction: the progress bar moves and
// a refused part costs little to resend.
export const PART_BYTES = 512 * 1024;

/** The file's text and the encoding it was in: UTF-8 (with or without BOM), else GB18030. */
export function decodeFile(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf8bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** One CSV line's fields (RFC 4180 quotes), as the server splits them. */
export function splitLine(line) {
  const fields = [];
  let value = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { value += '"'; i += 1; } else if (c === '"') quoted = false; else value += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { fields.push(value); value = ''; } else value += c;
  }
  fields.push(value);
  return fields;
}

function validDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * The file's rows with their original line numbers, and the problems the server would also refuse (checked
 * first, so that a file sent in parts is never stored in part because of a line the browser could see).
 */
export function readRows(text) {
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const problems = [];
  if (splitLine(lines[0] ?? '').join(',') !== HEADER) problems.push({ line: 1, message: t('import.badHeader', { header: HEADER }) });
  const rows = [];
  const seen = new Map();
  lines.slice(1).forEach((line, index) => {
    const number = index + 2;
    if (line === '') return; // an empty line is no row (and would only be refused)
    const f = splitLine(line);
    const bad = (key, params) => problems.push({ line: number, message: t(`import.bad.${key}`, params) });
    if (f.length !== 4) return bad('fields', { count: f.length });
    if (!/^[+-]?\d+$/.test(f[3]) || BigInt(f[3]) > MAX_VALUE || BigInt(f[3]) < -MAX_VALUE) bad('value');
    else if (BigInt(f[3]) < 0n) bad('negative');
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(f[1])) bad('metric');
    if (!validDate(f[2])) bad('date');
    const key = `${f[0].toLowerCase()}|${f[1]}|${f[2]}`;
    if (seen.has(key)) bad('repeat', { line: seen.get(key) });
    else seen.set(key, number);
    rows.push({ line: number, text: line });
  });
  if (!rows.length && !problems.length) problems.push({ line: 2, message: t('import.bad.empty') });
  return { rows, problems };
}

/** Whole rows in parts of at most `limit` UTF-8 bytes, each starting with the header line. */
export function makeParts(rows, limit = PART_BYTES) {
  const encoder = new TextEncoder();
  const headerBytes = encoder.encode(`${HEADER}\n`).length;
  const parts = [];
  let current = null;
  for (const row of rows) {
    const size = encoder.encode(row.text).length + 1;
    if (!current || current.bytes + size > limit) {
      current = { rows: [], bytes: headerBytes };
      parts.push(current);
    }
    current.rows.push(row);
    current.bytes += size;
  }
  return parts.map((p) => ({ ...p, body: `${HEADER}\n${p.rows.map((r) => r.text).join('\n')}\n` }));
}

/** The server's `line N.field` becomes the original file's line of that part's row N. */
function serverProblems(error, part) {
  const list = error.errors?.length ? error.errors : [{ field: null, message: problemText(error) }];
  return list.map((e) => {
    const m = /^line (\d+)(?:\.(.*))?$/.exec(e.field || '');
    if (!m) return { line: null, message: e.field ? `${e.field}: ${e.message}` : e.message };
    const n = Number(m[1]);
    const line = n >= 2 ? part.rows[n - 2]?.line ?? null : n === 1 ? 1 : null;
    return { line, message: m[2] ? `${m[2]}: ${e.message}` : e.message };
  });
}

function problemTable(problems) {
  return [
    dataTable('import-problems', t('import.problems'),
      h('thead', h('tr', th(t('import.col.line'), 'num'), th(t('import.col.problem')))),
      h('tbody', problems.slice(0, 500).map((p) => h('tr', { dataset: { line: p.line ?? '' } },
        h('td.num', p.line === null ? '—' : formatCount(p.line, locale())), h('td', p.message))))),
    problems.length > 500 ? h('p.hint', t('import.moreProblems', { count: problems.length - 500 })) : null];
}

export async function show(ctx) {
  const me = ctx.me;
  document.title = `${t('import.title')} – ${t('app.name')}`;
  if (!['admin', 'leader', 'manager'].includes(me.user.role)) {
    replace(ctx.main, heading(t('import.title')), h('p', t('import.notAllowed')));
    return;
  }
  const resultHost = h('div.import-result', { attrs: { 'aria-live': 'polite' } });
  const input = h('input.file-input', { type: 'file', accept: '.csv,text/csv', id: uid('csv') });
  const file = field({ label: t('import.file'), hint: HEADER, input });
  const bar = h('progress.import-progress', { max: 1, value: 0 });
  const barLabel = h('p.import-progress-label', { attrs: { role: 'status' } });
  const progressHost = h('div.import-progress-box', { hidden: true }, barLabel, bar);
  const submit = h('button.button', { type: 'submit' }, t('import.title'));
  const form = h('form.form', { noValidate: true, on: { submit: (e) => { e.preventDefault(); run(); } } },
    file.wrapper, h('div.button-row', submit));

  replace(ctx.main,
    breadcrumbs(t('import.title')),
    heading(t('import.title')),
    h('p.lead', t('import.lead')),
    h('div.import-format', h('p', t('import.format')), h('pre.csv-example', `${HEADER}\nli.na@example.cn,revenue,2027-03-05,1250000\nli.na@example.cn,visits,2027-03-05,12`),
      h('p.hint', t('import.formatHint'))),
    form, progressHost, resultHost);

  function present(node) {
    replace(resultHost, node);
    node.focus?.();
  }

  async function run() {
    const chosen = input.files?.[0];
    file.error.hidden = true;
    file.wrapper.classList.remove('field--error');
    if (!chosen) {
      file.wrapper.classList.add('field--error');
      file.error.hidden = false;
      replace(file.error, t('import.chooseFile'));
      input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const { text, encoding } = decodeFile(await chosen.arrayBuffer());
      const { rows, problems } = readRows(text);
      const encodingNote = h('p.hint', t(`import.encoding.${encoding}`));
      if (problems.length) {
        return present(banner('error', t('import.refusedLocal', { count: problems.length }),
          h('p', t('import.nothingStored')), encodingNote, problemTable(problems)));
      }
      const parts = makeParts(rows);
      const total = parts.reduce((a, p) => a + p.bytes, 0);
      progressHost.hidden = false;
      bar.max = total;
      bar.value = 0;
      replace(resultHost);
      const results = [];
      let sent = 0;
      let failed = null;
      for (const [index, part] of parts.entries()) {
        replace(barLabel, t('import.sending', { part: index + 1, parts: parts.length }));
        const lines = { from: formatCount(part.rows[0].line, locale()), to: formatCount(part.rows[part.rows.length - 1].line, locale()) };
        try {
          const { data } = await api('POST', '/v1/actuals', { csv: part.body, idempotencyKey: newKey() });
          results.push(h('li', { dataset: { part: index + 1, outcome: 'stored' } },
            tag(t('import.partStored'), 'green'), ' ',
            t('import.partLine', { part: index + 1, ...lines, stored: formatCount(data.stored, locale()) })));
        } catch (error) {
          failed = { index, problems: serverProblems(error, part), network: error.network };
          results.push(h('li', { dataset: { part: index + 1, outcome: 'refused' } },
            tag(t('import.partRefused'), 'red'), ' ', t('import.partRefusedLine', { part: index + 1, ...lines })));
          break;
        }
        sent += part.bytes;
        bar.value = sent;
      }
      for (let i = results.length; i < parts.length; i += 1) {
        results.push(h('li', { dataset: { part: i + 1, outcome: 'not_sent' } }, tag(t('import.partNotSent'), 'grey'), ' ',
          t('import.partNotSentLine', { part: i + 1 })));
      }
      replace(barLabel, failed ? t('import.stopped') : t('import.done'));
      const list = h('ol.import-parts', results);
      if (!failed) {
        forgetProgress();
        present(banner('success', t('import.storedTitle', { rows: formatCount(rows.length, locale()) }), encodingNote,
          parts.length > 1 ? list : null));
      } else {
        present(banner('error', t(parts.length > 1 ? 'import.refusedPart' : 'import.refused'),
          h('p', t(failed.index === 0 ? 'import.nothingStored' : 'import.someStored', { parts: failed.index })),
          encodingNote, parts.length > 1 ? list : null, problemTable(failed.problems)));
      }
    } finally {
      submit.disabled = false;
    }
  }
}
