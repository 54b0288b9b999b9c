// The Rules page: the active ruleset's files and every rule with its code, title and source.
import { api, h, errorBox, showVersion } from './common.js';

const $ = id => document.getElementById(id);
const state = { rules: [], file: '' };

function render() {
  const q = $('rule-filter').value.trim().toLowerCase();
  const shown = state.rules.filter(r => (!state.file || r.file === state.file)
    && (!q || [r.code, r.title, r.source, r.name].some(v => v && v.toLowerCase().includes(q))));
  $('rules-body').replaceChildren(...shown.map(r => h('tr', { 'data-code': r.code || '' },
    h('td', { class: 'code' }, r.code || '–'),
    h('td', {}, r.title || r.name, r.alwaysFires ? h('div', { class: 'meta' }, 'always holds (a policy value)') : null),
    h('td', {}, r.source || ''),
    h('td', { class: 'file' }, h('code', {}, r.file)))));
  $('rules-count').textContent = '(' + shown.length + ' of ' + state.rules.length
    + (state.file ? ', in ' + state.file : '') + ')';
  for (const b of document.querySelectorAll('.file-list button')) b.setAttribute('aria-pressed', String(b.dataset.file === state.file));
}

function fileButton(name, label, count) {
  return h('li', {}, h('button', {
    type: 'button', 'data-file': name, 'aria-pressed': 'false',
    onclick: () => { state.file = name; render(); },
  }, h('span', {}, label), h('span', { class: 'meta' }, count)));
}

async function init() {
  showVersion();
  const a = await api('GET', '/api/v1/rules');
  if (a.status !== 200) {
    $('ruleset-summary').replaceChildren(errorBox(a, 'The ruleset could not be read'));
    return;
  }
  const r = a.body;
  state.rules = r.rules.slice().sort((x, y) => x.file.localeCompare(y.file) || String(x.code).localeCompare(String(y.code), 'en', { numeric: true }));
  $('ruleset-summary').textContent = 'Ruleset ' + r.version + ', compiled ' + new Date(r.compiledAt).toLocaleString('en-GB')
    + ': ' + r.files.length + ' files, ' + r.rules.length + ' rules.';
  if (r.warnings.length) {
    $('warnings').replaceChildren(h('div', { class: 'card' }, h('h2', {}, 'Compiler warnings'),
      h('ul', {}, r.warnings.map(w => h('li', {}, h('code', {}, w.file + (w.line ? ':' + w.line : '')), ' ', w.message)))));
  }
  const perFile = new Map();
  for (const rule of r.rules) perFile.set(rule.file, (perFile.get(rule.file) || 0) + 1);
  $('file-list').replaceChildren(fileButton('', 'All files', r.rules.length),
    ...r.files.map(f => fileButton(f.name, f.name, perFile.has(f.name) ? perFile.get(f.name) + ' rules' : f.bytes + ' bytes')));
  $('rule-filter').addEventListener('input', render);
  render();
  document.body.dataset.ready = 'true';
}

init();
