// The Audit page: search past evaluations with the query endpoint's filters, open one (its record, situation and
// result with every "why"), re-run it, and verify the hash chain of the whole trail.
import { dateTime, api, h, opelBadge, errorBox, initHeader } from './common.js';
import { initWhyDialog } from './why.js';
import { resultSections, copySummary } from './result.js';
import { loadCatalogue } from './catalogue.js';

const $ = id => document.getElementById(id);
const state = { cursor: null, query: null, shown: 0 };
const when = t => dateTime(t);

/** The day after a yyyy-mm-dd date: the API's upper bounds are exclusive, the form's "until" is inclusive. */
function dayAfter(date) {
  const d = new Date(date + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function queryFromForm() {
  const q = new URLSearchParams();
  for (const el of document.querySelectorAll('#search-form [data-param]')) {
    const v = el.value.trim();
    if (!v) continue;
    const p = el.dataset.param;
    q.set(p, (p === 'to' || p === 'asOfTo') ? dayAfter(v) : (p === 'org' || p === 'trigger' || p === 'breach') ? v.toUpperCase() : v);
  }
  return q;
}

function markFields(details) {
  for (const el of document.querySelectorAll('#search-form [data-param]')) el.removeAttribute('aria-invalid');
  for (const d of details || []) {
    const el = document.querySelector('#search-form [data-param="' + d.field + '"]');
    if (el) el.setAttribute('aria-invalid', 'true');
  }
}

async function search(e, more) {
  if (e) e.preventDefault();
  if (!more) { state.query = queryFromForm(); state.cursor = null; state.shown = 0; }
  const q = new URLSearchParams(state.query);
  if (more && state.cursor) q.set('cursor', state.cursor);
  $('search-status').textContent = 'Searching…';
  const a = await api('GET', '/api/v1/evaluations' + (q.toString() ? '?' + q : ''));
  if (a.status !== 200) {
    $('search-status').replaceChildren(errorBox(a, 'Not searched'));
    markFields(a.body && a.body.details);
    return;
  }
  markFields([]);
  const rows = a.body.items.map(row);
  if (more) $('found-body').append(...rows); else $('found-body').replaceChildren(...rows);
  state.shown += a.body.items.length;
  state.cursor = a.body.nextCursor;
  $('more').hidden = !state.cursor;
  $('found-count').textContent = '(' + state.shown + (state.cursor ? ' so far' : '') + ')';
  $('search-status').textContent = state.shown ? '' : 'No evaluation matches.';
}

function row(s) {
  return h('tr', { 'data-id': s.id },
    h('td', {}, String(s.seq)),
    h('td', {}, when(s.recordedAt)),
    h('td', {}, when(s.asOf), s.system ? h('div', { class: 'meta' }, s.system) : null),
    h('td', { class: 'drivers' }, s.orgs.join(' ')),
    h('td', {}, opelBadge(s.systemOpel, 'System OPEL')),
    h('td', {}, s.exceptionReportRequired ? 'yes: ' + s.triggers.join(' ') : 'no'),
    h('td', {}, s.breaches.join(' ')),
    h('td', {}, s.actor),
    h('td', {}, h('button', { type: 'button', class: 'small open', 'aria-label': 'Open evaluation ' + s.seq, onclick: () => open(s.id) }, 'Open')));
}

// ---------- one evaluation ----------

async function open(id) {
  const a = await api('GET', '/api/v1/audit/records/' + encodeURIComponent(id));
  $('record').hidden = false;
  if (a.status !== 200) {
    $('record-head').replaceChildren(errorBox(a, 'The evaluation could not be read'));
    $('record-body').replaceChildren();
    return;
  }
  const r = a.body;
  if (location.hash !== '#' + id) history.replaceState(null, '', '#' + id);
  $('record-heading').textContent = 'Evaluation #' + r.seq;
  $('record-head').replaceChildren(h('div', { class: 'card', id: 'record-facts' },
    h('dl', { class: 'facts' },
      h('dt', {}, 'Id'), h('dd', {}, h('code', {}, r.id)),
      h('dt', {}, 'Kind'), h('dd', {}, r.kind),
      h('dt', {}, 'Recorded'), h('dd', {}, when(r.recordedAt) + ' by ' + r.actor),
      h('dt', {}, 'Ruleset'), h('dd', {}, h('code', {}, r.rulesetVersion)),
      h('dt', {}, 'Hash'), h('dd', {}, h('code', { class: 'hash' }, r.hash)),
      h('dt', {}, 'Previous hash'), h('dd', {}, h('code', { class: 'hash' }, r.prevHash || '–'))),
    h('div', { class: 'actions-row' },
      h('button', { type: 'button', id: 'rerun-same', onclick: () => rerun(r.id, null) }, 'Re-run on the rules that produced it'),
      h('button', { type: 'button', id: 'rerun-active', onclick: () => rerun(r.id, 'active') }, "Re-run on today's rules")),
    h('div', { id: 'rerun-result', role: 'status', 'aria-live': 'polite' }),
    h('details', {}, h('summary', {}, 'The situation as submitted'), h('pre', { class: 'json', id: 'record-input' }, JSON.stringify(r.input, null, 2)))));
  $('record-body').replaceChildren(...(r.result && r.result.opel ? resultSections(r.result, copySummary) : [h('pre', { class: 'json' }, JSON.stringify(r.result, null, 2))]));
  $('record-heading').focus();
}

async function rerun(id, version) {
  const slot = $('rerun-result');
  slot.textContent = 'Evaluating again…';
  const a = await api('POST', '/api/v1/evaluations/' + encodeURIComponent(id) + '/rerun' + (version ? '?version=' + version : ''));
  if (a.status !== 200) { slot.replaceChildren(errorBox(a, 'Not re-run')); return; }
  const r = a.body;
  slot.replaceChildren(h('div', { class: r.sameOutcome ? 'ok-box' : 'error-box', id: 'rerun-box' },
    h('h3', {}, r.sameOutcome ? 'Same outcome' : 'A different outcome'),
    h('p', {}, 'Evaluated again on ruleset ', h('code', {}, r.rulesetVersion), ' (it was ', h('code', {}, r.originalRulesetVersion),
      '). The re-run is kept as record ', h('code', {}, r.rerun || '–'), '.'),
    r.differences.length ? h('ul', {}, r.differences.map(d => h('li', {},
      [d.kind, d.code, d.org ? 'at ' + d.org : null, d.change].filter(Boolean).join(' ') + ': '
      + (d.change === 'changed' ? d.before + ' → ' + d.after : d.before || d.after || '')))) : null));
}

// ---------- the chain ----------

async function verify() {
  const b = $('verify');
  b.disabled = true;
  $('verify-result').textContent = 'Recomputing every hash…';
  const a = await api('GET', '/api/v1/audit/verify');
  b.disabled = false;
  if (a.status !== 200) { $('verify-result').replaceChildren(errorBox(a, 'Not verified')); return; }
  const c = a.body;
  $('verify-result').replaceChildren(c.ok
    ? h('div', { class: 'ok-box', id: 'chain-box' }, h('h3', {}, 'The chain holds'),
      h('p', {}, c.records + ' record(s) checked. Head ', h('code', { class: 'hash' }, c.head || '–'), '.'))
    : h('div', { class: 'error-box', id: 'chain-box', role: 'alert' }, h('h3', {}, 'The chain is broken'),
      h('p', {}, c.records + ' record(s) checked.'),
      c.firstBroken ? h('p', {}, 'First broken: record #' + c.firstBroken.seq + ' (', h('code', {}, c.firstBroken.id), '): ' + c.firstBroken.problem) : null));
}

// ---------- start ----------

async function init() {
  initHeader();
  initWhyDialog();
  $('search-form').addEventListener('submit', e => search(e, false));
  $('search-form').addEventListener('reset', () => { markFields([]); setTimeout(() => search(null, false)); });
  $('more').addEventListener('click', () => search(null, true));
  $('verify').addEventListener('click', verify);
  window.addEventListener('winterroom:token', () => search(null, false));
  await Promise.all([search(null, false), loadCatalogue()]);   // a result names metrics and organisations in the catalogue's words
  const opened = () => decodeURIComponent(location.hash.slice(1));
  window.addEventListener('hashchange', () => { if (opened()) open(opened()); });
  if (opened()) await open(opened());
  document.body.dataset.ready = 'true';   // browser tests wait for this
}

init();
