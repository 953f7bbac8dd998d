import { api, saveSession } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { field, FormErrors, summaryHost, banner, problemText } from '../forms.js';
import { heading } from './common.js';

export async function show(ctx) {
  document.title = `${t('signin.title')} – ${t('app.name')}`;
  const summary = summaryHost();
  const errors = new FormErrors(summary);
  const email = errors.register('email', field({
    label: t('signin.email'),
    input: h('input.input', { type: 'email', name: 'email', autocomplete: 'username', spellcheck: false, required: true }),
  }));
  const password = errors.register('password', field({
    label: t('signin.password'),
    input: h('input.input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true }),
  }));
  const button = h('button.button', { type: 'submit' }, t('signin.title'));
  const form = h('form.form.form--narrow', { noValidate: true, on: { submit: onSubmit } },
    email.wrapper, password.wrapper, button);

  async function onSubmit(event) {
    event.preventDefault();
    const missing = [];
    if (!email.input.value.trim()) missing.push({ field: 'email', message: t('signin.emailMissing') });
    if (!password.input.value) missing.push({ field: 'password', message: t('signin.passwordMissing') });
    if (missing.length) return errors.show(missing);
    button.disabled = true;
    try {
      const { data } = await api('POST', '/v1/sessions', {
        auth: false, body: { email: email.input.value.trim(), password: password.input.value },
      });
      saveSession({ token: data.token });
      const me = await api('GET', '/v1/me');
      window.dispatchEvent(new CustomEvent('parley:me', { detail: me.data }));
      ctx.navigate('/');
    } catch (error) {
      button.disabled = false;
      const known = { 401: ['password', 'signin.wrong'], 429: [null, 'signin.throttled'], 422: ['email', 'signin.emailInvalid'] }[error.status];
      errors.show([known ? { field: known[0], message: t(known[1]) } : { field: null, message: problemText(error) }]);
    }
  }

  replace(ctx.main,
    h('div.narrow',
      ctx.notice ? banner('success', ctx.notice) : null,
      summary,
      heading(t('signin.title')),
      h('p.lead', t('signin.lead')),
      form));
  email.input.focus();
}
