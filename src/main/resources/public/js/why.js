// The "why" of a result item: the audit entries of the rule firings that produced it, in a modal dialog.
import { h } from './common.js';

/** Audit entries with a produced fact that the predicate accepts, in firing order. */
export function entriesProducing(audit, predicate) {
  return (audit || []).filter(e => (e.produced || []).some(predicate));
}

/** One fact as "Type  field=value, field=value". */
function factLine(fact) {
  const fields = Object.entries(fact).filter(([k]) => k !== 'type')
    .map(([k, v]) => k + '=' + (typeof v === 'object' && v !== null ? JSON.stringify(v) : v));
  return h('li', { class: 'fact' }, h('span', { class: 'type' }, fact.type), ' ', fields.join(', '));
}

function entryView(e) {
  return h('article', { class: 'audit-entry', 'aria-label': 'rule ' + (e.code || e.rule) },
    h('h3', {}, e.code ? h('span', { class: 'badge code' }, e.code) : null, ' ', e.rule),
    h('p', { class: 'meta' }, 'firing #' + e.seq + ' · file ', h('code', {}, e.file),
      e.source ? [' · source ', h('span', { class: 'source' }, e.source)] : null),
    h('h4', {}, 'Matched facts'),
    h('ul', { class: 'items matched' }, (e.matched || []).map(factLine)),
    h('h4', {}, 'Produced'),
    h('ul', { class: 'items produced' }, (e.produced || []).map(factLine)));
}

let lastOpener = null;

/** Opens the dialog on the given entries; focus returns to the button that opened it on close. */
export function openWhy(title, entries, opener) {
  const dialog = document.getElementById('why-dialog');
  lastOpener = opener || document.activeElement;
  document.getElementById('why-title').textContent = 'Why: ' + title;
  const body = document.getElementById('why-body');
  body.replaceChildren(
    entries.length
      ? h('p', {}, entries.length === 1 ? 'One rule firing produced this.' : entries.length + ' rule firings produced this.')
      : h('p', {}, 'No rule firing in the audit trail produced this item.'),
    ...entries.map(entryView));
  dialog.showModal();
  document.getElementById('why-close').focus();
}

export function initWhyDialog() {
  const dialog = document.getElementById('why-dialog');
  document.getElementById('why-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => { if (lastOpener) lastOpener.focus(); });
  // a click on the backdrop closes it too
  dialog.addEventListener('click', e => { if (e.target === dialog) dialog.close(); });
}

/** A "Why?" button for an item; label names the item for screen readers. */
export function whyButton(label, audit, predicate) {
  const button = h('button', { type: 'button', class: 'small why', 'aria-label': 'Why: ' + label }, 'Why?');
  button.addEventListener('click', () => openWhy(label, entriesProducing(audit, predicate), button));
  return button;
}
