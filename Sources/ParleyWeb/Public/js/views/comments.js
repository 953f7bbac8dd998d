// The comment thread on an assignment, with replies. Bodies are shown as text, line breaks kept.
import { api, all, seg, idempotency } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { field, FormErrors, summaryHost, apiFieldErrors } from '../forms.js';
import { nameOf, section } from './common.js';

export function commentThread(ctx, planId, repId) {
  const host = section('comments-title');
  const list = h('div.comments');
  const replyForms = new Map();
  let shownIds = '';
  let comments = [];

  const post = (parentId) => (body, key) => api('POST', `/v1/plans/${seg(planId)}/comments`, {
    body: { body, rep_id: repId, parent_id: parentId }, idempotencyKey: key,
  });
  const newForm = commentForm({
    label: t('comments.add'), hint: t('comments.addHint'), button: t('comments.post'), send: post(), done: () => refresh(true),
  });

  function replyFormFor(comment) {
    if (!replyForms.has(comment.id)) {
      const form = commentForm({
        label: t('comments.reply'), button: t('comments.postReply'), compact: true, send: post(comment.id),
        done: () => { replyForms.get(comment.id).details.open = false; refresh(true); },
      });
      const details = h('details.reply', h('summary', t('comments.replyToggle')), form.el);
      replyForms.set(comment.id, { details, form });
    }
    return replyForms.get(comment.id).details;
  }

  async function item(comment, replies) {
    const who = (await nameOf(ctx.me, comment.author_id)) || t('people.someone');
    return h('li.comment', { dataset: { commentId: comment.id } },
      h('p.comment-meta', h('strong', who), ' · ', h('time', { dateTime: comment.created_at }, formatDateTime(comment.created_at))),
      h('p.comment-body', comment.body),
      replies.length ? h('ul.comment-replies', await Promise.all(replies.map((r) => item(r, [])))) : null,
      comment.parent_id ? null : replyFormFor(comment));
  }

  async function render() {
    const top = comments.filter((c) => !c.parent_id);
    const byParent = new Map();
    for (const c of comments) if (c.parent_id) {
      const key = c.parent_id.toLowerCase();
      if (!byParent.has(key)) byParent.set(key, []);
      byParent.get(key).push(c);
    }
    const active = document.activeElement;
    const items = await Promise.all(top.map((c) => item(c, byParent.get(c.id.toLowerCase()) || [])));
    replace(list, comments.length ? h('ul.comment-list', items) : h('p.hint', t('comments.none')));
    if (active && list.contains(active) && document.activeElement !== active) active.focus();
  }

  async function refresh(force = false) {
    comments = await all(`/v1/plans/${seg(planId)}/comments?rep_id=${seg(repId)}`);
    const ids = comments.map((c) => c.id).join();
    if (!force && ids === shownIds) return;
    shownIds = ids;
    await render();
  }

  replace(host, h('h2', { id: 'comments-title' }, t('comments.title')), list, newForm.el);
  return { el: host, refresh };
}

function commentForm({ label, hint, button, send, done, compact }) {
  const summary = summaryHost();
  const errors = new FormErrors(summary);
  const text = errors.register('body', field({
    label, hint,
    input: h('textarea.textarea', { rows: compact ? 2 : 3, maxLength: 10000, name: 'body', id: uid('comment') }),
  }));
  const submit = h('button.button.button--secondary', { type: 'submit' }, button);
  const keys = idempotency();
  const el = h('form.form.comment-form', {
    noValidate: true,
    on: {
      submit: async (event) => {
        event.preventDefault();
        const body = text.input.value;
        if (!body.trim()) return errors.show([{ field: 'body', message: t('comments.empty') }]);
        submit.disabled = true;
        try {
          await send(body, keys.for(body));
          keys.settle();
          errors.clear();
          text.input.value = '';
          await done();
        } catch (error) {
          keys.settle(error);
          errors.show(apiFieldErrors(error, () => label));
        } finally {
          submit.disabled = false;
        }
      },
    },
  }, summary, text.wrapper, submit);
  return { el };
}
