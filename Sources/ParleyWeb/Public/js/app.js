// Parley's web application: a client of the public /v1/ API, routed by the URL fragment.
import { api, session, clearSession } from './api.js';
import { h, replace } from './dom.js';
import { t, setLanguage, currentLanguage } from './i18n.js';
import { load } from './forms.js';
import * as signin from './views/signin.js';
import * as home from './views/home.js';
import * as targets from './views/targets.js';
import * as team from './views/team.js';
import * as approval from './views/approval.js';
import * as planRedirect from './views/plan.js';
import * as setup from './views/setup.js';
import * as explain from './views/explain.js';
import * as audit from './views/audit.js';
import * as tracking from './views/tracking.js';
import * as actualsImport from './views/import.js';
import * as review from './views/review.js';

// `:name` is one path segment, passed to the screen as ctx.params.name.
const routes = [
  ['/signin', signin], ['/', home], ['/new-plan', { show: setup.create }], ['/actuals/import', actualsImport],
  ['/plans/:plan', planRedirect], ['/plans/:plan/targets/:rep', targets], ['/plans/:plan/team', team],
  ['/plans/:plan/team/:unit', team], ['/plans/:plan/approval', approval], ['/plans/:plan/setup', setup],
  ['/plans/:plan/explain/:rep', explain], ['/plans/:plan/audit', audit], ['/plans/:plan/tracking', tracking],
  ['/plans/:plan/tracking/unit/:unit', tracking], ['/plans/:plan/tracking/rep/:rep', tracking], ['/plans/:plan/review', review],
].map(([pattern, view]) => [new RegExp(`^${pattern.replace(/:\w+/g, '([^/]+)')}$`), view, (pattern.match(/:\w+/g) || []).map((n) => n.slice(1))]);

const state = { me: null, cleanups: [], notice: null, renderId: 0 };
const shell = {
  header: document.getElementById('header'),
  main: document.getElementById('main'),
  footer: document.getElementById('footer'),
};

export function navigate(path) {
  if (location.hash === `#${path}`) route();
  else location.hash = path;
}

/** A message shown once on the next screen (e.g. "You have signed out"). */
export function notify(message) {
  state.notice = message;
}

function leave() {
  for (const fn of state.cleanups.splice(0)) {
    try { fn(); } catch (error) { console.warn(error); }
  }
}

async function loadMe() {
  if (state.me || !session()) return state.me;
  const { data } = await api('GET', '/v1/me');
  state.me = data;
  return data;
}

function renderHeader() {
  const me = state.me;
  const other = currentLanguage() === 'en' ? 'zh' : 'en';
  replace(shell.header,
    h('a.skip-link', { href: '#main', on: { click: (e) => { e.preventDefault(); shell.main.focus(); } } }, t('skip')),
    h('div.header-inner',
      h('a.brand', { href: '#/' }, h('span.brand-mark', { attrs: { 'aria-hidden': 'true' } }, 'P'), t('app.name')),
      h('nav.header-nav', { attrs: { 'aria-label': t('nav.label') } },
        me ? h('span.header-user', `${me.user.name} · ${t(`role.${me.user.role}`)}`) : null,
        me && ['leader', 'manager'].includes(me.user.role) ? h('a.header-link', { href: '#/new-plan' }, t('setup.newTitle')) : null,
        me && ['admin', 'leader', 'manager'].includes(me.user.role)
          ? h('a.header-link', { href: '#/actuals/import' }, t('import.title')) : null,
        h('button.link-button', {
          type: 'button', lang: other === 'zh' ? 'zh-CN' : 'en',
          on: { click: () => { setLanguage(other); route(); } },
        }, other === 'zh' ? '中文' : 'English'),
        me ? h('button.link-button', { type: 'button', on: { click: signOut } }, t('signout.button')) : null)));
  shell.footer.replaceChildren(h('p', t('footer')));
  document.title = t('app.name');
}

async function signOut() {
  try {
    await api('DELETE', '/v1/sessions/current');
  } catch {
    // The token is dropped here whatever the server said: a failed call must not keep the user signed in.
  }
  clearSession();
  state.me = null;
  notify(t('signout.done'));
  navigate('/signin');
}

export async function route() {
  leave();
  const renderId = ++state.renderId;
  const path = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  document.documentElement.lang = currentLanguage() === 'zh' ? 'zh-CN' : 'en';
  if (!session() && path !== '/signin') {
    state.me = null;
    renderHeader();
    location.replace('#/signin');
    return;
  }
  const ok = await load(shell.main, async () => { await loadMe(); });
  if (renderId !== state.renderId) return;
  renderHeader();
  if (!ok) return;
  if (path === '/signin' && session()) {
    location.replace('#/');
    return;
  }
  let match = null;
  for (const [pattern, view, names] of routes) {
    const m = pattern.exec(path);
    if (m) {
      match = { view, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1]])) };
      break;
    }
  }
  const ctx = {
    main: shell.main,
    me: state.me,
    params: match?.params || {},
    navigate,
    // A screen left before it finished loading is cleaned up at once (its follower must not outlive it).
    onLeave: (fn) => (renderId === state.renderId ? state.cleanups.push(fn) : fn()),
    isCurrent: () => renderId === state.renderId,
    notice: state.notice,
    signedIn: async (me) => { state.me = me; },
  };
  state.notice = null;
  if (!match) {
    replace(shell.main, h('h1', t('failure.notFound')), h('p', h('a', { href: '#/' }, t('nav.home'))));
    return;
  }
  await match.view.show(ctx);
  if (renderId === state.renderId && !shell.main.contains(document.activeElement)) {
    shell.main.querySelector('h1')?.focus?.({ preventScroll: true });
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('parley:signed-out', (event) => {
  state.me = null;
  if (event.detail?.expired) notify(t('session.expired'));
  navigate('/signin');
});
window.addEventListener('parley:me', (event) => { state.me = event.detail; });
route();
