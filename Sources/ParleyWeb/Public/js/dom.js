// Building DOM from API values. Everything becomes text nodes or properties: nothing here parses HTML,
// so a value such as `<img src=x onerror=alert(1)>` always shows as those characters.

/**
 * h('tag.class1.class2', {prop: value, on: {click: fn}, attrs: {'aria-x': 'y'}, dataset: {...}}, ...children)
 * Children: strings (text), numbers, nodes, arrays, null/false (skipped).
 */
export function h(spec, props, ...children) {
  const [tag, ...classes] = spec.split('.');
  const el = document.createElement(tag || 'div');
  if (classes.length) el.setAttribute('class', classes.join(' '));
  if (props && (typeof props !== 'object' || props instanceof Node || Array.isArray(props))) {
    children.unshift(props);
    props = null;
  }
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'on') {
        for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
      } else if (key === 'attrs') {
        for (const [name, v] of Object.entries(value)) if (v !== undefined && v !== null && v !== false) el.setAttribute(name, String(v));
      } else if (key === 'dataset') {
        Object.assign(el.dataset, value);
      } else if (key === 'class') {
        el.setAttribute('class', [el.getAttribute('class'), value].filter(Boolean).join(' '));
      } else {
        el[key] = value;
      }
    }
  }
  append(el, children);
  return el;
}

/** An SVG element with attributes (numbers and strings only, set one by one). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(name, String(v));
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let idCounter = 0;
/** A wide table in a labelled scroll region that keyboard users can focus and scroll. */
export function tableRegion(label, ...table) {
  return h('div.table-scroll', { tabIndex: 0, attrs: { role: 'region', 'aria-label': label } }, ...table);
}

/** A `table.table.<spec>` with a caption for screen readers, in a table region of the same name. */
export function dataTable(spec, caption, ...parts) {
  return tableRegion(caption, h(`table.table.${spec}`, h('caption.visually-hidden', caption), ...parts));
}

/** Header cells: a column's (`th('Year')`, `th('Total', 'num')`) and a row's. */
export const th = (text, cls) => h(cls ? `th.${cls}` : 'th', { scope: 'col' }, text);
export const rowTh = (...content) => h('th', { scope: 'row' }, ...content);

/** A number cell that names the figure it shows (data-figure), for reading it back. */
export const figure = (name, text) => h('td.num', { dataset: { figure: name } }, text);

export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

export function sameId(a, b) {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}
