// The Rules page's governance parts: the readable preview, change sets with four-eyes approval, the impact of a
// change on a body of situations (last winter's sitrep file) as a table and a chart, version diffs, and coverage.
import { api, h, errorBox, dateTime } from './common.js';

const $ = id => document.getElementById(id);
const shortHash = v => v ? String(v).slice(0, 16) : '–';
const when = t => dateTime(t);

// ---------- the preview ----------

/** One row per scenario: broken expectations first, then what differs in words; wording-only changes collapsed. */
export function previewBox(p) {
  const s = p.summary;
  const rows = p.scenarios.map(c => {
    const broken = c.brokenExpectations || [];
    const diffs = (c.differences || []).filter(d => d.kind !== 'wording');
    const wording = (c.differences || []).find(d => d.kind === 'wording');
    return h('tr', { 'data-file': c.file || '', class: broken.length ? 'broken' : null },
      h('td', {}, h('div', { class: 'item-title' }, c.name), h('code', { class: 'meta' }, c.file || '')),
      h('td', { class: 'breaks' }, broken.length ? h('ul', { class: 'plain' }, broken.map(x => h('li', {}, x))) : h('span', { class: 'meta' }, 'none')),
      h('td', {}, diffs.length ? h('ul', { class: 'plain' }, diffs.map(d => h('li', {}, d.says || [d.kind, d.code, d.change].join(' ')))) : null,
        wording ? h('div', { class: 'meta wording' }, wording.says) : null,
        !diffs.length && !wording ? h('span', { class: 'meta' }, 'no difference') : null));
  });
  return h('div', { class: 'preview', id: 'preview-box' },
    h('h3', {}, 'Preview: active ' + shortHash(p.active) + ' against changed ' + shortHash(p.candidate)),
    h('p', { id: 'preview-summary', class: s.brokenExpectations ? 'mismatch' : null },
      s.scenarios + ' scenario(s) run; ' + s.changedScenarios + ' would change; ' + s.brokenExpectations + ' expectation(s) would break.'),
    h('p', { class: 'meta', id: 'preview-summary-more' },
      (s.brokenScenarios || 0) + ' scenario(s) with broken expectations, listed first; ' + (s.unchanged || 0) + ' unchanged and not listed.'),
    p.scenarios.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'preview-table' },
      h('caption', { class: 'visually-hidden' }, 'Scenarios the change alters or breaks'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Scenario'), h('th', { scope: 'col' }, 'Broken expectations'), h('th', { scope: 'col' }, 'What differs'))),
      h('tbody', {}, rows))) : h('p', {}, 'No scenario would change.'));
}

// ---------- change sets ----------

/** Proposes the candidate as a change set; shows its id, what it waits for, and its preview. */
export async function propose(files, deletions, note, emergency, container, after) {
  const body = { files, note: note || undefined, emergency: emergency || undefined };
  if (deletions.length) body.delete = deletions;
  container.replaceChildren(h('p', { class: 'meta' }, emergency ? 'Activating as an emergency…' : 'Validating and previewing the change…'));
  const a = await api('POST', '/api/v1/rules/changes', body);
  if (a.status !== 201) {
    container.replaceChildren(problemsBox(a, emergency ? 'Not activated' : 'Not proposed'));
    return null;
  }
  const c = a.body;
  container.replaceChildren(h('div', { class: 'ok-box', id: 'proposed-box', 'data-change': c.id },
    h('h3', {}, c.state === 'activated' ? 'Activated as an emergency: change ' + c.id : 'Proposed: change ' + c.id),
    h('p', {}, 'By ' + c.author + '. ' + (c.awaiting ? 'Waiting for ' + c.awaiting + '.' : '')),
    c.fourEyes ? h('p', { class: 'meta' }, 'Local use: ' + c.fourEyes + '.') : null,
    c.preview ? previewBox(c.preview) : null));
  if (after) after(c);
  return c;
}

/** A refused change: compile problems named by file, line and column in plain words, the engine's text behind "details". */
export function problemsBox(answer, heading) {
  const details = (answer.body && answer.body.details) || [];
  if (answer.status !== 422 || !details.length) return errorBox(answer, heading);
  return h('div', { class: 'error-box', role: 'alert', id: 'problems-box' },
    h('h3', {}, heading + ': ' + details.length + ' problem(s)'),
    h('ul', { class: 'problems error' }, details.map(d => h('li', {}, plainProblem(d.field, d.message)))));
}

/** "tables/x.csv:32:3" and an engine message as a sentence, the engine text behind a details toggle. */
export function plainProblem(where, message) {
  const m = /^(.+?)(?::(\d+))?(?::(\d+))?$/.exec(where || '');
  const file = m ? m[1] : where;
  const place = [file ? 'In ' + file : null, m && m[2] ? 'line ' + m[2] : null, m && m[3] ? 'column ' + m[3] : null].filter(Boolean).join(', ');
  const plain = plainWords(message || '');
  return [h('strong', {}, place || 'In the ruleset'), ': ', plain,
    plain !== message ? h('details', { class: 'engine-text' }, h('summary', {}, 'details'), h('code', {}, message)) : null];
}

function plainWords(message) {
  if (/unable to resolve method using strict-mode/.test(message)) return 'a value in this row is not a number or name the rules can use';
  if (/mismatched input|no viable alternative|extraneous input/.test(message)) return 'the rule text cannot be read here (a missing or extra word or bracket)';
  if (/Unable to resolve ObjectType/.test(message)) return 'a fact type named here does not exist';
  if (/Duplicate rule name/.test(message)) return 'two rules have the same name';
  return message;
}

let changesAsked = 0;

export async function loadChanges(onActivated) {
  const asked = ++changesAsked;
  const a = await api('GET', '/api/v1/rules/changes');
  if (asked !== changesAsked) return;   // a later request draws the list
  if (a.status !== 200) { $('changes-list').replaceChildren(errorBox(a, 'The change sets could not be read')); return; }
  const b = a.body;
  const awaiting = b.awaitingRetrospectiveApproval.length + b.changes.filter(c => c.state === 'pending' && !c.stale).length;
  $('changes-awaiting').textContent = awaiting ? '(' + awaiting + ' waiting)' : '';
  $('four-eyes-note').textContent = b.fourEyes.possible ? 'A change is activated when a second policy owner approves it.'
    : 'Local use: ' + b.fourEyes.localUse + '.';
  const retro = b.changes.filter(c => b.awaitingRetrospectiveApproval.includes(c.id));
  $('changes-list').replaceChildren(
    retro.length ? h('div', { class: 'error-box', id: 'retrospective-box', role: 'status' },
      h('h3', {}, retro.length + ' emergency change(s) waiting for a retrospective approval'),
      h('ul', {}, retro.map(c => h('li', {}, h('code', {}, c.id), ' by ' + c.author + ', ' + when(c.activation.at) + (c.note ? ': ' + c.note : ''))))) : null,
    b.changes.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'changes-table' },
      h('caption', { class: 'visually-hidden' }, 'Change sets'),
      h('thead', {}, h('tr', {}, ['Change', 'Proposed', 'Files', 'State', ''].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, b.changes.map(c => h('tr', { 'data-change': c.id, class: c.stale ? 'stale' : null },
        h('td', {}, h('code', {}, c.id.slice(0, 8)), c.emergency ? [' ', h('span', { class: 'badge code' }, 'emergency')] : null,
          h('div', { class: 'meta' }, c.note || '')),
        h('td', {}, c.author, h('div', { class: 'meta' }, when(c.proposedAt))),
        h('td', {}, h('ul', { class: 'plain' }, c.files.map(f => h('li', {}, h('code', {}, f.name))), c.delete.map(f => h('li', {}, 'delete ', h('code', {}, f))))),
        h('td', { class: 'state' }, c.state + (c.stale ? ' (out of date)' : ''), c.awaiting ? h('div', { class: 'meta' }, 'waiting for ' + c.awaiting) : null,
          c.approvals.map(x => h('div', { class: 'meta' }, (x.retrospective ? 'approved afterwards by ' : 'approved by ') + x.by + ' ' + when(x.at)))),
        h('td', {}, h('button', { type: 'button', class: 'small open-change', onclick: () => openChange(c.id, onActivated) }, 'Open'))))))) : h('p', {}, 'No change has been proposed yet.'));
}

async function openChange(id, onActivated) {
  const box = $('change-detail');
  const a = await api('GET', '/api/v1/rules/changes/' + encodeURIComponent(id));
  if (a.status !== 200) { box.replaceChildren(errorBox(a, 'The change could not be read')); return; }
  const c = a.body;
  const note = h('input', { type: 'text', id: 'approve-note', autocomplete: 'off', placeholder: 'what you checked' });
  const status = h('div', { class: 'status', id: 'approve-status', role: 'status', 'aria-live': 'polite' });
  const approve = async force => {
    status.textContent = 'Approving…';
    const r = await api('POST', '/api/v1/rules/changes/' + encodeURIComponent(id) + '/approve' + (force ? '?force=true' : ''),
      note.value.trim() ? { note: note.value.trim() } : {});
    status.textContent = '';
    if (r.status === 200) {
      status.replaceChildren(h('div', { class: 'ok-box', id: 'approved-box' }, h('h3', {},
        r.body.emergency ? 'Approved afterwards' : 'Approved and activated: version ' + r.body.activation.version)));
      await loadChanges(onActivated);
      if (onActivated) onActivated();
      return;
    }
    if (r.status === 409 && /expectation/.test((r.body && r.body.error) || '') && !force) {
      const check = h('input', { type: 'checkbox', id: 'approve-force-confirm' });
      const go = h('button', { type: 'button', id: 'approve-force', disabled: true, onclick: () => approve(true) }, 'Approve and activate anyway');
      check.addEventListener('change', () => { go.disabled = !check.checked; });
      status.replaceChildren(h('div', { class: 'error-box', role: 'alert', id: 'approve-refused' },
        h('h3', {}, 'Not activated: ' + ((r.body.details || []).length) + ' scenario expectation(s) would break'),
        h('ul', { class: 'broken-list' }, (r.body.details || []).map(d => h('li', {}, d.field ? h('code', {}, d.field) : null, d.field ? ': ' : '', d.message))),
        h('div', { class: 'confirm-row' }, check, h('label', { for: 'approve-force-confirm' }, 'I have read what breaks and approve it anyway')),
        h('div', { class: 'actions-row' }, go)));
      return;
    }
    status.replaceChildren(errorBox(r, r.status === 403 ? 'You cannot approve this change' : 'Not approved'));
  };
  const canApprove = (c.state === 'pending' && !c.stale) || (c.awaiting && c.state === 'activated');
  box.replaceChildren(h('div', { class: 'card', id: 'change-card', 'data-change': c.id },
    h('h3', {}, 'Change ', h('code', {}, c.id)),
    h('p', {}, 'Proposed by ' + c.author + ' on ' + when(c.proposedAt) + ' over ruleset ', h('code', {}, shortHash(c.base)),
      '; it makes ', h('code', {}, shortHash(c.candidate)), '. ', c.note ? '"' + c.note + '"' : ''),
    c.awaiting ? h('p', { class: 'mismatch' }, 'Waiting for ' + c.awaiting + '.') : null,
    canApprove ? h('div', {}, h('label', { for: 'approve-note' }, 'Approval note'), note,
      h('div', { class: 'actions-row' }, h('button', { type: 'button', class: 'primary', id: 'approve', onclick: () => approve(false) },
        c.state === 'pending' ? 'Approve and activate' : 'Approve afterwards'))) : null,
    status,
    h('h4', {}, 'What it changes'), h('div', { id: 'change-diff' }, h('p', { class: 'meta' }, 'Loading…')),
    c.preview ? previewBox(c.preview) : null,
    impactForm(c)));
  const d = await api('GET', '/api/v1/rules/changes/' + encodeURIComponent(id) + '/diff');
  $('change-diff').replaceChildren(d.status === 200 ? diffView(d.body) : errorBox(d, 'No diff'));
}

// ---------- impact on a body of situations ----------

function impactForm(c) {
  const file = h('input', { type: 'file', id: 'impact-file', accept: '.csv,.ndjson,.jsonl,.json,text/csv' });
  const status = h('div', { class: 'status', id: 'impact-status', role: 'status', 'aria-live': 'polite' });
  const out = h('div', { id: 'impact-result' });
  const run = async () => {
    const f = file.files[0];
    if (!f) { status.textContent = 'Choose a file first: NHS England\'s sitrep CSV, or NDJSON situations.'; return; }
    status.textContent = 'Running every situation under both rulesets…';
    const type = /\.csv$/i.test(f.name) ? 'text/csv' : /\.json$/i.test(f.name) ? 'application/json' : 'application/x-ndjson';
    const a = await impact(c.id, await f.text(), type);
    status.textContent = '';
    out.replaceChildren(a.status === 200 ? impactView(a.body) : errorBox(a, 'No impact'));
  };
  return h('div', { class: 'impact' }, h('h4', {}, 'Last winter under this change'),
    h('p', { class: 'hint' }, 'Upload NHS England\'s winter sitrep CSV (as import-sitrep reads it) or NDJSON situations: each is run under the active rules and under this change.'),
    h('label', { for: 'impact-file' }, 'Situations'), file,
    h('div', { class: 'actions-row' }, h('button', { type: 'button', id: 'run-impact', onclick: run }, 'Run')), status, out);
}

async function impact(id, text, type) {
  const headers = { Accept: 'application/json', 'Content-Type': type };
  const t = sessionStorage.getItem('winterroom.token');
  if (t) headers.Authorization = 'Bearer ' + t;
  try {
    const r = await fetch('/api/v1/rules/changes/' + encodeURIComponent(id) + '/impact', { method: 'POST', headers, body: text });
    const body = await r.text();
    let parsed;
    try { parsed = JSON.parse(body); } catch { parsed = { error: body }; }
    return { status: r.status, body: parsed };
  } catch (e) {
    return { status: 0, body: { error: 'the service could not be reached: ' + e.message } };
  }
}

/** Counts per code under each ruleset as a table and a bar chart (drawn here only), then the items that differ. */
export function impactView(r) {
  const codes = [];
  for (const kind of ['triggers', 'breaches', 'recommendations']) {
    const keys = new Set([...Object.keys(r.active[kind]), ...Object.keys(r.candidate[kind])]);
    for (const k of [...keys].sort()) codes.push({ kind, code: k, a: r.active[kind][k] || 0, b: r.candidate[kind][k] || 0 });
  }
  const changedCodes = codes.filter(c => c.a !== c.b);
  return h('div', { id: 'impact-view' },
    h('p', { id: 'impact-summary' }, r.situations + ' situation(s) run in ' + (r.millis / 1000).toFixed(1) + ' s; ' + r.changed
      + ' would conclude differently' + (r.invalid ? '; ' + r.invalid + ' could not be evaluated' : '') + '.'),
    changedCodes.length ? impactChart(changedCodes) : h('p', {}, 'No count changes.'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'impact-table' },
      h('caption', { class: 'visually-hidden' }, 'Situations per code under the active rules and under the change'),
      h('thead', {}, h('tr', {}, ['Kind', 'Code', 'Active', 'With the change', 'Difference'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, (changedCodes.length ? changedCodes : codes).map(c => h('tr', { 'data-code': c.code },
        h('td', {}, c.kind), h('td', { class: 'code' }, c.code), h('td', {}, String(c.a)), h('td', {}, String(c.b)),
        h('td', { class: c.a !== c.b ? 'mismatch' : null }, (c.b - c.a > 0 ? '+' : '') + (c.b - c.a))))))),
    changedCodes.length && changedCodes.length < codes.length ? h('p', { class: 'meta' }, (codes.length - changedCodes.length) + ' other code(s) unchanged.') : null,
    r.items.length ? h('details', { id: 'impact-items' }, h('summary', {}, 'The ' + r.changed + ' situation(s) that differ' + (r.itemsLeftOff ? ' (first ' + r.items.length + ' listed)' : '')),
      h('ul', { class: 'plain' }, r.items.slice(0, 300).map(i => h('li', {}, h('strong', {}, i.label), ': ',
        [...Object.entries(i.removed || {}).map(([k, v]) => 'no longer ' + v.join(', ')), ...Object.entries(i.added || {}).map(([k, v]) => 'now ' + v.join(', '))].join('; ')
        + (i.error ? ' ' + i.error : ''))))) : null);
}

function impactChart(rows) {
  const NS = 'http://www.w3.org/2000/svg';
  const el = (tag, attrs, text) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const shown = rows.slice(0, 20);
  const max = Math.max(1, ...shown.flatMap(r => [r.a, r.b]));
  const rowH = 34, left = 170, width = 640, barW = width - left - 60;
  const svg = el('svg', { viewBox: '0 0 ' + width + ' ' + (shown.length * rowH + 30), role: 'img', id: 'impact-chart', class: 'impact-chart',
    'aria-label': 'Situations per code: active rules against the change' });
  svg.append(el('rect', { x: left, y: 4, width: 12, height: 10, class: 'bar-active' }), el('text', { x: left + 16, y: 13, class: 'legend' }, 'active'),
    el('rect', { x: left + 80, y: 4, width: 12, height: 10, class: 'bar-candidate' }), el('text', { x: left + 96, y: 13, class: 'legend' }, 'with the change'));
  shown.forEach((r, i) => {
    const y = 24 + i * rowH;
    svg.append(el('text', { x: left - 8, y: y + 18, 'text-anchor': 'end', class: 'label' }, r.code));
    svg.append(el('rect', { x: left, y, width: Math.max(1, barW * r.a / max), height: 13, class: 'bar-active' }));
    svg.append(el('text', { x: left + barW * r.a / max + 4, y: y + 11, class: 'value' }, String(r.a)));
    svg.append(el('rect', { x: left, y: y + 15, width: Math.max(1, barW * r.b / max), height: 13, class: 'bar-candidate' }));
    svg.append(el('text', { x: left + barW * r.b / max + 4, y: y + 26, class: 'value' }, String(r.b)));
  });
  return h('figure', { class: 'chart' }, svg, h('figcaption', { class: 'meta' }, 'Situations in which each code holds, for the codes whose counts change'));
}

// ---------- diffs ----------

/** A version diff: per file, the cells that changed (tables) and the lines that changed. */
export function diffView(d) {
  if (!d.files.length) return h('p', { id: 'diff-empty' }, 'The two versions hold the same files.');
  return h('div', { class: 'diff', id: 'diff-view' },
    h('p', { class: 'meta' }, [d.summary.changed + ' changed', d.summary.added + ' added', d.summary.removed + ' removed', d.summary.replaced + ' replaced', d.summary.unchanged + ' unchanged'].join(', ') + '.'),
    d.files.map(f => h('section', { class: 'diff-file', 'data-file': f.name },
      h('h4', {}, h('code', {}, f.name), ' ', f.change + (f.replaces ? ' (replaces ' + f.replaces + ')' : '')),
      f.cells && f.cells.length ? h('table', { class: 'diff-cells' },
        h('thead', {}, h('tr', {}, ['Row', 'Column', 'Was', 'Now'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, f.cells.map(c => h('tr', {}, h('td', {}, c.row, h('div', { class: 'meta' }, 'line ' + c.line)), h('td', {}, c.column),
          h('td', { class: 'was' }, c.before), h('td', { class: 'now' }, c.after))))) : null,
      (f.rowsAdded || []).map(r => h('p', { class: 'row-added' }, '+ row ', h('strong', {}, r.row), ' (line ' + r.line + ')')),
      (f.rowsRemoved || []).map(r => h('p', { class: 'row-removed' }, '− row ', h('strong', {}, r.row))),
      f.lines && f.lines.length && !(f.cells && f.cells.length) ? h('pre', { class: 'diff-lines' },
        f.lines.flatMap(x => [h('span', { class: 'meta' }, '@@ line ' + x.from + ' → ' + x.to + '\n'),
          ...x.removed.map(l => h('del', {}, '- ' + l + '\n')), ...x.added.map(l => h('ins', {}, '+ ' + l + '\n'))])) : null)));
}

export async function showVersionDiff(from, to) {
  const box = $('version-diff');
  box.replaceChildren(h('p', { class: 'meta' }, 'Comparing…'));
  const a = await api('GET', '/api/v1/rules/versions/' + encodeURIComponent(from) + '/diff/' + encodeURIComponent(to));
  box.replaceChildren(h('h3', {}, 'From ', h('code', {}, shortHash(from)), ' to ', h('code', {}, shortHash(to))),
    a.status === 200 ? diffView(a.body) : errorBox(a, 'No diff'));
  box.scrollIntoView({ block: 'nearest' });
}

// ---------- coverage ----------

export async function loadCoverage() {
  const box = $('coverage-result');
  box.replaceChildren(h('p', { class: 'meta' }, 'Running every scenario and exercise…'));
  const a = await api('GET', '/api/v1/rules/coverage');
  if (a.status !== 200) { box.replaceChildren(errorBox(a, 'No coverage')); return; }
  const c = a.body;
  const gaps = c.unexercised.filter(r => !r.alwaysHolds);
  box.replaceChildren(h('div', { id: 'coverage' },
    h('p', { id: 'coverage-summary' }, c.exercised + ' of ' + c.rules + ' rules fire in at least one of ' + c.cases + ' scenarios and exercises; '
      + gaps.length + ' rule(s) no scenario exercises.'),
    gaps.length ? [h('h4', {}, 'Rules no scenario exercises'), h('ul', { id: 'coverage-gaps' }, gaps.map(r => h('li', { 'data-code': r.code },
      h('code', {}, r.code), ' ', r.title || '', ' ', h('span', { class: 'meta' }, r.file))))] : null,
    h('details', {}, h('summary', {}, 'Which rules fire in which scenarios'),
      h('table', { id: 'coverage-table' }, h('thead', {}, h('tr', {}, ['Rule', 'Fires in'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, c.covered.map(r => h('tr', { 'data-code': r.code }, h('td', {}, h('code', {}, r.code), h('div', { class: 'meta' }, r.title || '')),
          h('td', {}, r.alwaysHolds ? 'every case (a policy value)' : r.cases.length + ': ' + r.cases.map(x => x.replace(/^scenarios\//, '')).join(', ')))))))));
}
