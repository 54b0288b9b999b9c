// The Rules page: browse the active ruleset's files and rules; edit a file, validate it (errors at their lines),
// preview what it changes on every scenario, activate it; list versions and roll back.
import { dateTime, api, h, errorBox, initHeader, tabs } from './common.js';
import { previewBox, propose, loadChanges, showVersionDiff, loadCoverage, plainProblem } from './governance.js';
import { openGrid, gridActive, gridProblems, gridFlush, initGrid, markServerProblems } from './table-grid.js';

const $ = id => document.getElementById(id);
const state = {
  rules: [], files: [], file: '', tabs: null,
  // the file open in the editor: its name, what the active ruleset holds, and for a spreadsheet its content in base64
  editor: null,
  problems: [],   // compile errors and warnings of the last check, for every file
};

/** The API path of a rules file: each folder step encoded, the slashes kept. */
const filePath = name => '/api/v1/rules/files/' + name.split('/').map(encodeURIComponent).join('/');
const isSpreadsheet = name => name.toLowerCase().endsWith('.xlsx');
const shortHash = v => v ? String(v).slice(0, 16) : '–';
const when = t => dateTime(t);

// ---------- the rules browser ----------

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
    onclick: () => chooseFile(name),
  }, h('span', {}, label), h('span', { class: 'meta' }, count)));
}

function chooseFile(name) {
  state.file = name;
  render();
  if (name) openFile(name);
}

async function loadRuleset() {
  const a = await api('GET', '/api/v1/rules');
  if (a.status !== 200) {
    $('ruleset-summary').replaceChildren(errorBox(a, 'The ruleset could not be read'));
    return false;
  }
  const r = a.body;
  state.rules = r.rules.slice().sort((x, y) => x.file.localeCompare(y.file) || String(x.code).localeCompare(String(y.code), 'en', { numeric: true }));
  state.files = r.files;
  $('ruleset-summary').textContent = 'Ruleset ' + r.version + ', compiled ' + when(r.compiledAt)
    + ': ' + r.files.length + ' files, ' + r.rules.length + ' rules.';
  $('warnings').replaceChildren(r.warnings.length ? h('div', { class: 'card' }, h('h2', {}, 'Compiler warnings'),
    h('ul', {}, r.warnings.map(w => h('li', {}, h('code', {}, w.file + (w.line ? ':' + w.line : '')), ' ', w.message)))) : '');
  const perFile = new Map();
  for (const rule of r.rules) perFile.set(rule.file, (perFile.get(rule.file) || 0) + 1);
  $('file-list').replaceChildren(fileButton('', 'All files', r.rules.length),
    ...r.files.map(f => fileButton(f.name, f.name, perFile.has(f.name) ? perFile.get(f.name) + ' rules' : f.bytes + ' bytes')));
  render();
  const v = $('ruleset-version');
  if (v) v.textContent = 'ruleset ' + r.version;
  return true;
}

// ---------- the editor ----------

function dirty() {
  const e = state.editor;
  if (!e) return false;
  if (e.isNew) return true;
  return isSpreadsheet(e.name) ? e.base64 !== e.originalBase64 : $('editor').value !== e.original;
}

function showEditorState() {
  const e = state.editor;
  $('editor-state').textContent = !e ? '' : e.isNew ? 'new file, not yet activated'
    : dirty() ? 'changed, not yet activated' : 'as in the active ruleset';
}

async function openFile(name, isNew) {
  if (state.editor && state.editor.name !== name && dirty()
      && !window.confirm('Discard your changes to ' + state.editor.name + '?')) return;
  let original = '';
  let originalBase64 = null;
  if (!isNew) {
    const a = await api('GET', filePath(name), undefined, { as: isSpreadsheet(name) ? 'blob' : 'text' });
    if (a.status !== 200) {
      $('editor-area').hidden = true;
      $('editor-empty').hidden = false;
      $('editor-empty').replaceChildren(errorBox(a, 'The file could not be read'));
      return;
    }
    if (isSpreadsheet(name)) originalBase64 = await toBase64(a.body);
    else original = a.body;
  }
  state.editor = { name, original, originalBase64, base64: originalBase64, isNew: !!isNew };
  state.problems = [];
  $('editor-empty').hidden = true;
  $('editor-area').hidden = false;
  $('editor-file').textContent = name;
  const sheet = isSpreadsheet(name);
  $('spreadsheet-note').hidden = !sheet || isNew;
  $('code-editor').hidden = sheet;
  document.querySelector('label[for="editor"]').hidden = sheet;
  $('editor').value = original;
  $('editor').scrollTop = 0;
  openSheetGrid(name, sheet ? null : original, sheet ? originalBase64 : null, isNew);
  for (const id of ['editor-status', 'check-result', 'preview-result']) $(id).replaceChildren();
  refreshEditor();
  showEditorState();
}

/** The grid for the open file; a spreadsheet's grid tells the editor its content as the grid's rows are written into it. */
async function openSheetGrid(name, text, base64, isNew) {
  await openGrid(name, text, base64, isNew, content => {
    if (!state.editor || state.editor.name !== name) return;
    state.editor.base64 = content;
    showEditorState();
  });
  // a spreadsheet in the grid needs no download and upload to be edited
  $('spreadsheet-note').hidden = !isSpreadsheet(name) || isNew || gridActive();
}

/** The candidate as the validate and preview routes take it: this file's content over the folder's files. */
function candidate() {
  const e = state.editor;
  return { files: { [e.name]: isSpreadsheet(e.name) ? (e.base64 || '') : $('editor').value } };
}

/** Line numbers in the gutter and, for the last check's problems in this file, a marker and a highlighted line. */
function refreshEditor() {
  const e = state.editor;
  if (!e || isSpreadsheet(e.name)) return;
  const lines = $('editor').value.split('\n').length;
  const marks = new Map();
  for (const p of state.problems) {
    if (p.file !== e.name || !p.line) continue;
    const was = marks.get(p.line);
    if (!was || (was.severity === 'warning' && p.severity === 'error')) marks.set(p.line, { severity: p.severity, messages: [] });
    marks.get(p.line).messages.push(p.message);
  }
  const gutter = [];
  const backdrop = [];
  for (let i = 1; i <= Math.max(lines, 1); i++) {
    const m = marks.get(i);
    gutter.push(h('div', {
      class: 'ln' + (m ? ' mark-' + m.severity : ''), 'data-line': String(i),
      title: m ? m.messages.join('\n') : null,
    }, m ? h('span', { class: 'marker' }, m.severity === 'error' ? '✖' : '▲') : null, String(i)));
    backdrop.push(h('div', { class: 'bl' + (m ? ' mark-' + m.severity : '') }, '\u200b'));
  }
  $('gutter').replaceChildren(...gutter);
  $('backdrop').replaceChildren(...backdrop);
  syncScroll();
}

function syncScroll() {
  const t = $('editor');
  $('gutter').scrollTop = t.scrollTop;
  $('backdrop').style.transform = 'translate(' + (-t.scrollLeft) + 'px, ' + (-t.scrollTop) + 'px)';
}

function showPosition() {
  const t = $('editor');
  const before = t.value.slice(0, t.selectionStart).split('\n');
  $('editor-position').textContent = 'Line ' + before.length + ', column ' + (before[before.length - 1].length + 1);
}

/** Puts the caret on a line (selecting it) and scrolls it into view. */
function goToLine(line) {
  const t = $('editor');
  const lines = t.value.split('\n');
  const n = Math.min(Math.max(line, 1), lines.length);
  let start = 0;
  for (let i = 0; i < n - 1; i++) start += lines[i].length + 1;
  t.focus();
  t.setSelectionRange(start, start + lines[n - 1].length);
  const lineHeight = parseFloat(getComputedStyle(t).lineHeight) || 20;
  t.scrollTop = Math.max(0, (n - 1) * lineHeight - t.clientHeight / 3);
  syncScroll();
  showPosition();
}

function where(p) {
  return (p.file || 'the ruleset') + (p.line ? ' line ' + p.line : '') + (p.column ? ', column ' + p.column : '');
}

/** Compile errors and warnings as a list; those in the open file link to their line. */
function problemList(problems, severity) {
  const open = state.editor && state.editor.name;
  return h('ul', { class: 'problems ' + severity }, problems.map(p => h('li', { 'data-line': p.line || '', 'data-file': p.file || '' },
    p.file === open && p.line && !isSpreadsheet(open)
      ? [h('button', { type: 'button', class: 'link goto', onclick: () => goToLine(p.line) }, where(p)), ': ', p.message]
      : plainProblem((p.file || '') + (p.line ? ':' + p.line + (p.column ? ':' + p.column : '') : ''), p.message))));
}

function showProblems(errors, warnings, headline) {
  state.problems = [...errors.map(p => ({ ...p, severity: 'error' })), ...warnings.map(p => ({ ...p, severity: 'warning' }))];
  refreshEditor();
  markServerProblems(errors);
  const ok = errors.length === 0;
  $('check-result').replaceChildren(h('div', { class: ok ? 'ok-box' : 'error-box', id: 'check-box', role: ok ? null : 'alert' },
    h('h3', {}, headline),
    errors.length ? [h('h4', {}, errors.length + ' error(s)'), problemList(errors, 'error')] : null,
    warnings.length ? [h('h4', {}, warnings.length + ' warning(s)'), problemList(warnings, 'warning')] : null));
}

function busy(button, on) {
  button.disabled = on;
  button.setAttribute('aria-busy', String(on));
}

async function validate() {
  const b = $('validate');
  busy(b, true);
  await gridFlush();
  $('preview-result').replaceChildren();
  $('editor-status').textContent = 'Validating…';
  const a = await api('POST', '/api/v1/rules/validate', candidate());
  busy(b, false);
  $('editor-status').textContent = '';
  if (a.status !== 200) { $('check-result').replaceChildren(errorBox(a, 'Not validated')); return; }
  const r = a.body;
  showProblems(r.errors, r.warnings, r.valid
    ? 'Valid: the rules compile' + (r.version ? ' (version ' + shortHash(r.version) + ')' : '')
    : 'Not valid: the rules do not compile');
  if (!r.valid) {
    const first = r.errors.find(p => p.file === state.editor.name && p.line);
    if (first) goToLine(first.line);
  }
}

async function preview() {
  const b = $('preview');
  busy(b, true);
  await gridFlush();
  $('editor-status').textContent = 'Running every scenario under the active and the changed rules…';
  $('preview-result').replaceChildren();
  const a = await api('POST', '/api/v1/rules/preview', candidate());
  busy(b, false);
  $('editor-status').textContent = '';
  if (a.status !== 200) { $('check-result').replaceChildren(errorBox(a, 'No preview')); return; }
  const p = a.body;
  if (!p.valid) {
    showProblems(p.errors, p.warnings, 'No preview: the rules do not compile');
    return;
  }
  showProblems([], p.warnings, 'Valid: the rules compile (version ' + shortHash(p.candidate) + ')');
  $('preview-result').replaceChildren(previewBox(p));
}

/** A refused activation (409) with what it would break, and a forced retry behind an explicit confirmation. */
function confirmForce(container, answer, what, retry) {
  const details = (answer.body && answer.body.details) || [];
  const check = h('input', { type: 'checkbox', id: 'force-confirm' });
  const go = h('button', { type: 'button', id: 'force-activate', disabled: true, onclick: async () => { busy(go, true); await retry(); } },
    what + ' anyway');
  check.addEventListener('change', () => { go.disabled = !check.checked; });
  container.replaceChildren(h('div', { class: 'error-box', id: 'force-box', role: 'alert' },
    h('h3', {}, 'Not activated: ' + details.length + ' scenario expectation(s) would break'),
    h('p', {}, String(answer.body.error).replace(/; add \?force=true.*$/, '.')),
    h('ul', { class: 'broken-list' }, details.map(d => h('li', {}, d.field ? h('code', {}, d.field) : null, d.field ? ': ' : '', d.message))),
    h('p', {}, 'Usually the scenario\'s expect block is brought up to date with the new policy first. To go ahead anyway, confirm below: the activation is recorded as forced, with what it breaks.'),
    h('div', { class: 'confirm-row' }, check, h('label', { for: 'force-confirm' }, 'I have read what breaks and want to activate anyway')),
    h('div', { class: 'actions-row' }, go)));
  check.focus();
}

function activated(container, a) {
  const r = a.body;
  container.replaceChildren(h('div', { class: 'ok-box', id: 'activated-box' },
    h('h3', {}, r.activated ? 'Activated version ' + r.version : 'Nothing to activate: version ' + r.version + ' is already active'),
    r.activated ? h('p', {}, 'It replaces ' + r.previous + '.' + (r.forced ? ' Forced: recorded with what it breaks.' : '')) : null,
    r.brokenExpectations && r.brokenExpectations.length ? h('ul', {}, r.brokenExpectations.map(b => h('li', {}, b))) : null));
}

async function activate(force) {
  const e = state.editor;
  await gridFlush();
  const body = { author: $('change-author').value.trim() || undefined, note: $('change-note').value.trim() || undefined };
  if (isSpreadsheet(e.name)) body.contentBase64 = e.base64; else body.content = $('editor').value;
  const b = $('activate');
  busy(b, true);
  $('editor-status').textContent = force ? 'Activating (forced)…' : 'Checking every scenario, then activating…';
  const a = await api('PUT', filePath(e.name) + (force ? '?force=true' : ''), body);
  busy(b, false);
  $('editor-status').textContent = '';
  if (a.status === 200) {
    if (!isSpreadsheet(e.name)) e.original = $('editor').value;
    else if (e.base64 !== e.originalBase64) openSheetGrid(e.name, null, e.base64, false);   // the grid now edits what is active
    e.originalBase64 = e.base64;
    e.isNew = false;
    state.problems = [];
    refreshEditor();
    showEditorState();
    $('preview-result').replaceChildren();
    activated($('check-result'), a);
    await loadRuleset();
    if (state.tabs.selected() === 'tab-versions') loadVersions();   // else read when the tab opens
    return;
  }
  if (a.status === 409) { confirmForce($('check-result'), a, 'Activate', () => activate(true)); return; }
  if (a.status === 422) {
    const problems = ((a.body && a.body.details) || []).map(d => {
      const m = /^(.+?)(?::(\d+))?(?::(\d+))?$/.exec(d.field || '');
      return { file: m ? m[1] : null, line: m && m[2] ? Number(m[2]) : null, column: m && m[3] ? Number(m[3]) : null, message: d.message };
    });
    showProblems(problems, [], 'Not activated: the rules do not compile');
    return;
  }
  $('check-result').replaceChildren(errorBox(a, 'Not activated'));
}

function discard() {
  const e = state.editor;
  if (!e) return;
  if (e.isNew) { $('editor').value = ''; }
  else {
    $('editor').value = e.original;
    if (isSpreadsheet(e.name) && e.base64 !== e.originalBase64) openSheetGrid(e.name, null, e.originalBase64, false);
    e.base64 = e.originalBase64;
  }
  state.problems = [];
  for (const id of ['editor-status', 'check-result', 'preview-result']) $(id).replaceChildren();
  refreshEditor();
  showEditorState();
}

function toBase64(blob) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });
}

async function upload(e) {
  const f = e.target.files[0];
  if (!f || !state.editor) return;
  if (isSpreadsheet(state.editor.name)) {
    state.editor.base64 = await toBase64(f);
    await openSheetGrid(state.editor.name, null, state.editor.base64, state.editor.isNew);
  } else $('editor').value = await f.text();
  e.target.value = '';
  refreshEditor();
  showEditorState();
}

async function download() {
  const e = state.editor;
  const a = await api('GET', filePath(e.name), undefined, { as: 'blob' });
  if (a.status !== 200) { $('editor-status').replaceChildren(errorBox(a, 'Not downloaded')); return; }
  const url = URL.createObjectURL(a.body);
  const link = h('a', { href: url, download: e.name.split('/').pop() });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function newFile(ev) {
  ev.preventDefault();
  const input = $('new-file-name');
  const name = input.value.trim();
  const problem = !name ? 'Give the new file a name.'
    : !/^[A-Za-z0-9_-][A-Za-z0-9_.\/-]*\.(drl|csv)$/.test(name) || name.includes('..') ? 'Use letters, digits, - and _, folders with /, ending in .drl or .csv.'
      : state.files.some(f => f.name === name) ? name + ' exists already: choose it in the list to edit it.' : '';
  $('new-file-error').textContent = problem;
  input.setAttribute('aria-invalid', problem ? 'true' : 'false');
  if (problem) { input.focus(); return; }
  state.file = '';
  render();
  openFile(name, true);
  state.tabs.select('tab-editor');
  $('editor').focus();
}

// ---------- versions and roll back ----------

async function loadStatus() {
  const a = await api('GET', '/api/v1/rules/status');
  if (a.status !== 200) { $('rules-status').replaceChildren(errorBox(a, 'The status could not be read')); return; }
  const s = a.body;
  const l = s.lastAttempt;
  $('rules-status').replaceChildren(h('div', { class: l && !l.ok ? 'error-box' : 'ok-box', id: 'last-attempt' },
    h('p', {}, 'Active version ', h('code', {}, s.active), '. ',
      s.folder && s.folder !== s.active ? ['The rules folder holds ', h('code', {}, s.folder), ', which is not active.'] : 'The rules folder holds the active version.',
      s.watching ? ' Edits to the folder are picked up as they are saved.' : ''),
    l ? h('p', {}, when(l.at) + ' (' + l.how + '): ' + l.outcome + (l.version ? ' ' + l.version : '') + (l.message ? '. ' + l.message : '')) : null,
    l && l.errors && l.errors.length ? h('ul', {}, l.errors.map(p => h('li', {}, h('code', {}, where(p)), ': ', p.message))) : null,
    l && l.brokenExpectations && l.brokenExpectations.length ? h('ul', {}, l.brokenExpectations.map(b => h('li', {}, b))) : null));
}

function activationText(x) {
  return when(x.at) + ': ' + x.how + ' by ' + x.actor + (x.note && x.how !== 'startup' ? ' ("' + x.note + '")' : '') + (x.forced ? ', forced past ' + x.brokenExpectations.length + ' broken expectation(s)' : '');
}

async function loadVersions() {
  const asked = state.versionsAsked = (state.versionsAsked || 0) + 1;
  loadStatus();
  const a = await api('GET', '/api/v1/rules/versions');
  if (asked !== state.versionsAsked) return;   // a later request will draw the table
  if (a.status !== 200) { $('versions-status').replaceChildren(errorBox(a, 'The versions could not be read')); return; }
  const activeAt = a.body.versions.findIndex(v => v.active);
  $('versions-body').replaceChildren(...a.body.versions.map((v, i) => h('tr', { 'data-hash': v.hash, class: v.active ? 'active-version' : null },
    h('td', {}, h('code', {}, v.hash), v.active ? [' ', h('span', { class: 'badge code' }, 'active')] : null),
    h('td', {}, when(v.createdAt), h('div', { class: 'meta' }, v.files.length + ' files')),
    h('td', {}, h('div', {}, v.author || ''), h('div', { class: 'meta' }, v.note || '')),
    h('td', {}, h('ul', { class: 'plain' }, v.activations.map(x => h('li', {}, activationText(x))))),
    h('td', {}, v.active ? null : h('button', {
      type: 'button', class: 'small rollback', 'aria-label': (i > activeAt ? 'Roll back to version ' : 'Activate again version ') + v.hash,
      onclick: () => rollback(v.hash, false),
    }, i > activeAt ? 'Roll back to this' : 'Activate again'),
    i + 1 < a.body.versions.length ? h('button', {
      type: 'button', class: 'small diff-previous', 'aria-label': 'What changed in version ' + v.hash,
      onclick: () => showVersionDiff(a.body.versions[i + 1].hash, v.hash),
    }, 'What changed') : null))));
}

async function rollback(hash, force) {
  const note = $('rollback-note').value.trim();
  $('versions-status').textContent = 'Checking every scenario under ' + hash + '…';
  const a = await api('POST', '/api/v1/rules/versions/' + encodeURIComponent(hash) + '/activate' + (force ? '?force=true' : ''),
    note ? { note } : {});
  $('versions-status').textContent = '';
  if (a.status === 200) {
    activated($('versions-status'), a);
    await loadRuleset();
    loadVersions();
    if (state.editor && !dirty() && !state.editor.isNew) openFile(state.editor.name);
    return;
  }
  if (a.status === 409) { confirmForce($('versions-status'), a, 'Roll back', () => rollback(hash, true)); return; }
  $('versions-status').replaceChildren(errorBox(a, 'Not rolled back'));
}

// ---------- change sets ----------

async function afterActivation() {
  await loadRuleset();
  if (state.editor && !dirty() && !state.editor.isNew) openFile(state.editor.name);
}

async function proposeChange() {
  const e = state.editor;
  if (!e) return;
  await gridFlush();
  if (gridActive() && gridProblems().length) {
    $('propose-result').replaceChildren(h('div', { class: 'error-box', role: 'alert' }, h('h3', {}, 'Not proposed: put the table\'s cells right first'),
      h('ul', {}, gridProblems().map(p => h('li', {}, p)))));
    return;
  }
  const deletions = $('propose-delete').value.split(/[\s,]+/).map(x => x.trim()).filter(Boolean);
  const b = $('propose');
  busy(b, true);
  const c = await propose(candidate().files, deletions, $('propose-note').value.trim(), $('propose-emergency').checked, $('propose-result'));
  busy(b, false);
  if (c && c.state === 'activated') {
    if (!isSpreadsheet(e.name)) e.original = $('editor').value;
    e.originalBase64 = e.base64;
    e.isNew = false;
    showEditorState();
    await loadRuleset();
  }
  loadChangesCount();
}

async function loadChangesCount() {
  const a = await api('GET', '/api/v1/rules/changes');
  if (a.status !== 200) return;
  const n = a.body.awaitingRetrospectiveApproval.length + a.body.changes.filter(c => c.state === 'pending' && !c.stale).length;
  $('changes-awaiting').textContent = n ? '(' + n + ' waiting)' : '';
}

// ---------- scenarios: expectations ----------

async function loadScenarios() {
  if ($('scenario-choice').options.length) return;
  const a = await api('GET', '/api/v1/scenarios');
  if (a.status !== 200) { $('scenario-expect').replaceChildren(errorBox(a, 'The scenarios could not be read')); return; }
  const list = Array.isArray(a.body) ? a.body : (a.body.scenarios || []);
  $('scenario-choice').replaceChildren(h('option', { value: '' }, 'Choose a scenario'),
    ...list.map(x => h('option', { value: x.file }, x.name || x.file)));
}

async function showScenario() {
  const file = $('scenario-choice').value;
  const box = $('scenario-expect');
  if (!file) { box.replaceChildren(); return; }
  const a = await api('GET', '/api/v1/rules/scenarios/' + encodeURIComponent(file) + '/expectations');
  if (a.status !== 200) { box.replaceChildren(errorBox(a, 'The scenario could not be read')); return; }
  const s = a.body;
  const text = h('textarea', { id: 'expect-editor', rows: 10, spellcheck: 'false' }, JSON.stringify(s.expect || {}, null, 2));
  const status = h('div', { class: 'status', id: 'expect-status', role: 'status', 'aria-live': 'polite' });
  const save = async keep => {
    let expect;
    try { expect = keep ? s.current : JSON.parse(text.value); } catch (err) { status.textContent = 'The expectations are not valid JSON: ' + err.message; return; }
    const r = await api('PUT', '/api/v1/rules/scenarios/' + encodeURIComponent(file) + '/expectations', { expect });
    if (r.status === 200) {
      text.value = JSON.stringify(r.body.expect, null, 2);
      status.replaceChildren(h('div', { class: 'ok-box', id: 'expect-saved' }, h('p', {}, 'Saved: ' + (r.body.broken.length ? r.body.broken.length + ' expectation(s) do not hold under the active rules.' : 'every expectation holds under the active rules.'))));
    } else status.replaceChildren(errorBox(r, 'Not saved'));
  };
  box.replaceChildren(h('div', { class: 'card', id: 'scenario-card' },
    h('p', {}, h('strong', {}, s.name || file), ' ', h('code', { class: 'meta' }, 'scenarios/' + file)),
    s.broken.length ? h('div', { class: 'error-box' }, h('h4', {}, s.broken.length + ' expectation(s) do not hold under the active rules'),
      h('ul', {}, s.broken.map(b => h('li', {}, b)))) : h('p', { class: 'ok' }, 'Every expectation holds under the active rules.'),
    h('p', { class: 'meta' }, 'The active rules conclude: ' + describeExpect(s.current)),
    h('label', { for: 'expect-editor' }, 'Expectations (the scenario\'s "expect" block)'), text,
    h('div', { class: 'actions-row' },
      h('button', { type: 'button', id: 'expect-save', onclick: () => save(false) }, 'Save expectations'),
      h('button', { type: 'button', id: 'expect-keep', onclick: () => save(true) }, 'Keep this as expected')),
    status));
}

function describeExpect(e) {
  return Object.entries(e || {}).map(([k, v]) => k + ' ' + (Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : JSON.stringify(v))).join('; ');
}

// ---------- start ----------

async function init() {
  initHeader();
  state.tabs = tabs($('rules-tabs'), id => {
    if (id === 'tab-versions') loadVersions();
    if (id === 'tab-changes') loadChanges(afterActivation);
    if (id === 'tab-scenarios') loadScenarios();
  });
  initGrid();
  $('propose').addEventListener('click', proposeChange);
  $('load-coverage').addEventListener('click', loadCoverage);
  $('scenario-choice').addEventListener('change', showScenario);
  $('rule-filter').addEventListener('input', render);
  const t = $('editor');
  t.addEventListener('input', () => { refreshEditor(); showEditorState(); });
  t.addEventListener('scroll', syncScroll);
  for (const ev of ['keyup', 'click', 'focus']) t.addEventListener(ev, showPosition);
  $('validate').addEventListener('click', validate);
  $('preview').addEventListener('click', preview);
  $('discard').addEventListener('click', discard);
  $('activate').addEventListener('click', () => activate(false));
  $('upload-file').addEventListener('change', upload);
  $('download-file').addEventListener('click', download);
  $('new-file-form').addEventListener('submit', newFile);
  // a token given after the page loaded: read again what needed it
  window.addEventListener('winterroom:token', () => { loadRuleset(); if (state.tabs.selected() === 'tab-versions') loadVersions(); });
  await loadRuleset();
  loadChangesCount();
  document.body.dataset.ready = 'true';   // browser tests wait for this
}

init();
