// The client of Parley's public /v1/ API. The bearer token lives in sessionStorage (gone when the tab
// closes) and travels only in the Authorization header, never in a URL.

const KEY = 'parley.session';

export function session() {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    return s && typeof s.token === 'string' ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(value) {
  sessionStorage.setItem(KEY, JSON.stringify(value));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

/** An API failure: problem+json fields, or `network` when the server could not be reached. */
export class ApiError extends Error {
  constructor({ status = 0, code = 'network', detail = '', errors = [], body = null, network = false }) {
    super(detail || code);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = Array.isArray(errors) ? errors : [];
    this.body = body;
    this.network = network;
  }
}

/**
 * Calls the API with a JSON `body`, or a `csv` text (sent as UTF-8). Returns {status, data, version} where version
 * comes from the ETag. Throws ApiError for any non-2xx answer and for network failures.
 */
export async function api(method, path, { body, csv, ifMatch, ifNoneMatch, idempotencyKey, auth = true } = {}) {
  const headers = { Accept: 'application/json' };
  const s = session();
  if (auth && s) headers.Authorization = `Bearer ${s.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csv !== undefined) headers['Content-Type'] = 'text/csv; charset=utf-8';
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`;
  if (ifNoneMatch) headers['If-None-Match'] = ifNoneMatch;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: csv !== undefined ? new TextEncoder().encode(csv) : body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError({ network: true, code: 'network' });
  }
  const etag = response.headers.get('ETag');
  const version = etag ? Number(etag.replace(/^W\//, '').replace(/"/g, '')) : null;
  let data = null;
  const type = response.headers.get('Content-Type') || '';
  if (response.status !== 204) {
    if (type.includes('json')) {
      try { data = await response.json(); } catch { data = null; }
    } else {
      data = await response.text().catch(() => '');
    }
  }
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : {};
    const error = new ApiError({
      status: response.status, code: problem.code || `http_${response.status}`, detail: problem.detail || '',
      errors: problem.errors, body: problem,
    });
    if (response.status === 401 && auth && s) {
      clearSession();
      window.dispatchEvent(new CustomEvent('parley:signed-out', { detail: { expired: true } }));
    }
    throw error;
  }
  return { status: response.status, data, version };
}

/** A resource with the version its ETag gave. */
export const versioned = ({ data, version }) => ({ ...data, version: version ?? data.version });

/** Every item of a list endpoint, page by page (at most `max` pages); `onPage(data)` sees each page. */
export async function all(path, { limit = 500, max = 20, onPage } = {}) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < max; page += 1) {
    const sep = path.includes('?') ? '&' : '?';
    const url = `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const { data } = await api('GET', url);
    onPage?.(data);
    items.push(...(data.items || []));
    cursor = data.next_cursor;
    if (!cursor) break;
  }
  return items;
}

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A form's idempotency key: kept while the body stays the same, until it succeeds or the server answers. */
export function idempotency() {
  let key = null;
  let sent = null;
  return {
    for(...body) {
      const text = JSON.stringify(body);
      if (text !== sent) { key = newKey(); sent = text; }
      return key;
    },
    // The server keeps its answer to a key (a refusal too): only a request that never arrived reuses it.
    settle(error) { if (!error?.network) sent = null; },
  };
}

/** Path segment of an id (ids come from the API or the URL fragment; encode them anyway). */
export function seg(id) {
  return encodeURIComponent(String(id));
}
