// The table editor: a decision table (CSV or XLSX) or a CSV catalogue as a grid of its business columns only, headed
// in words, with rows to add and remove. Cells are typed and range-checked from the catalogue as you type; every
// problem names the file, the line (a spreadsheet's row) and the column in plain words. For a CSV the grid writes the
// CSV back into the text editor; for a spreadsheet the service reads its rows (POST /api/v1/rules/tables/grid) and
// writes the grid's rows back into it cell by cell, leaving its code rows alone. Either way validate, preview,
// activate and propose send exactly what the grid shows.
import { api, h } from './common.js';

const $ = id => document.getElementById(id);
const ORG_TYPES = ['ACUTE', 'COMMUNITY', 'MENTAL_HEALTH', 'AMBULANCE', 'GP_OUT_OF_HOURS', 'PRIMARY_CARE', 'SOCIAL_CARE',
  'COMMISSIONER', 'CARE_PROVIDER', 'THIRD_SECTOR'];
const grid = { on: false, file: null, lines: [], rows: [], first: 0, last: 0, headings: [], types: [], problems: [], metrics: null,
  // a spreadsheet: its content as opened (the rows' origin lines are its rows), the rows as opened, and the write in flight
  sheet: false, base: null, opened: '', timer: null, pending: null, onSheet: null };

/** RFC 4180 rows with the line each starts on (1-based). */
export function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false, line = 1, start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else { if (c === '\n') line++; cell += c; }
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push({ line: start, cells: row }); row = []; cell = ''; line++; start = line;
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push({ line: start, cells: row }); }
  return rows;
}

const quote = v => /[",\n\r]|^\s|\s$/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;

/** Where the business part of a table is: the heading row and the data rows after it, up to the first blank row. */
function layout(rows) {
  const rt = rows.findIndex(r => /^ruletable/i.test((r.cells[0] || '').trim()));
  const heading = rt < 0 ? 0 : rt + 4;
  const first = heading + 1;
  let last = first;
  while (last < rows.length && rows[last].cells.some(c => c.trim() !== '')) last++;
  return { decision: rt >= 0, heading, first, last };
}

function columnType(heading, template) {
  const hd = heading.toLowerCase();
  if (/organisation type/.test(hd)) return { kind: 'choice', values: ORG_TYPES };
  if (/^metric$/.test(hd)) return { kind: 'metric' };
  if (/opel level/.test(hd)) return { kind: 'level' };
  if (/^score$/.test(hd)) return { kind: 'level', what: 'an OPEL band score' };
  if (/^weight$/.test(hd)) return { kind: 'number', optional: false };
  if (/at or above|at or below|^value$|^min$|^max$/.test(hd) || /value\s*[<>]=?\s*\$param/.test(template || '')) return { kind: 'number', optional: /at or|only when/.test(hd) };
  if (/^code$/.test(hd)) return { kind: 'code' };
  return { kind: 'text' };
}

export function gridActive() { return grid.on; }

export function gridProblems() { return grid.problems.map(p => p.text); }

/**
 * Opens the grid for a CSV table or a spreadsheet decision table; anything else keeps the text editor only.
 * onSheet(base64) is told the spreadsheet's content each time the grid's rows have been written into it.
 */
export async function openGrid(name, text, base64, isNew, onSheet) {
  const sheet = /\.xlsx$/i.test(name) && /^tables\//.test(name) && !isNew && !!base64;
  const table = sheet || (/\.csv$/i.test(name) && /^(tables|catalogue|calendar)\//.test(name) && !isNew && text);
  clearTimeout(grid.timer);
  Object.assign(grid, { on: !!table, sheet, base: sheet ? base64 : null, timer: null, pending: null, onSheet: onSheet || null });
  $('grid-area').hidden = !table;
  $('show-text').hidden = sheet;
  if (!table) return;
  if (!grid.metrics) {
    const a = await api('GET', '/api/v1/catalogue/metrics');
    grid.metrics = new Map(a.status === 200 ? a.body.map(m => [m.id, m]) : []);
  }
  grid.file = name;
  if (sheet) {
    const a = await api('POST', '/api/v1/rules/tables/grid', { file: name, content: base64 });
    if (a.status !== 200) {
      grid.on = false;
      $('grid-area').hidden = true;
      return;
    }
    loadModel(a.body);
  } else load(text);
  showText(false);
}

/** The grid of a spreadsheet as the service read it: headings, the template row, data rows with their row numbers. */
function loadModel(m) {
  grid.headings = m.headings;
  grid.types = m.headings.map((hd, i) => columnType(hd, (m.templates || [])[i]));
  grid.data = m.rows.map(r => ({ line: r.line, origin: r.line, cells: r.cells.slice() }));
  grid.opened = JSON.stringify(grid.data.map(r => r.cells));
  draw();
}

/** Writes the grid's rows into the spreadsheet as opened; the service answers with the new content and its rows. */
async function saveSheet() {
  const rows = grid.data.map(r => ({ line: r.origin, cells: r.cells }));
  const unchanged = JSON.stringify(grid.data.map(r => r.cells)) === grid.opened && grid.data.every(r => r.origin);
  if (unchanged) { if (grid.onSheet) grid.onSheet(grid.base); return true; }
  const file = grid.file;
  const a = await api('POST', '/api/v1/rules/tables/grid', { file, content: grid.base, rows });
  if (file !== grid.file) return false;
  if (a.status !== 200) {
    const old = $('grid-server-box');
    if (old) old.remove();
    $('grid-problems').append(h('div', { class: 'error-box', id: 'grid-server-box', role: 'alert' },
      h('h4', {}, 'The spreadsheet could not be written'), h('p', {}, (a.body && a.body.error) || 'status ' + a.status)));
    return false;
  }
  // the rows' row numbers in the written spreadsheet, so problems found on validate land on the right row
  a.body.grid.rows.forEach((r, i) => { if (grid.data[i]) grid.data[i].line = r.line; });
  document.querySelectorAll('#table-grid tbody tr').forEach((tr, i) => { if (grid.data[i]) tr.firstChild.textContent = String(grid.data[i].line); });
  if (grid.onSheet) grid.onSheet(a.body.content);
  return true;
}

/** Waits for the grid's rows to be in the file (a spreadsheet is written by the service); false when they could not be. */
export async function gridFlush() {
  if (!grid.on || !grid.sheet) return true;
  if (grid.timer) {
    clearTimeout(grid.timer);
    grid.timer = null;
    grid.pending = saveSheet();
  }
  return grid.pending ? grid.pending : true;
}

function load(text) {
  const rows = parseCsv(text);
  const l = layout(rows);
  grid.lines = text.split('\n');
  grid.rows = rows;
  grid.first = l.first;
  grid.last = l.last;
  const headingRow = rows[l.heading] ? rows[l.heading].cells : [];
  const templates = l.decision && rows[l.heading - 1] ? rows[l.heading - 1].cells : [];
  grid.headings = headingRow;
  grid.types = headingRow.map((hd, i) => columnType(hd, templates[i]));
  grid.data = rows.slice(l.first, l.last).map(r => ({ line: r.line, cells: headingRow.map((_, i) => r.cells[i] || '') }));
  draw();
}

function showText(text) {
  $('code-editor').hidden = !text && grid.on ? true : false;
  document.querySelector('label[for="editor"]').hidden = !text && grid.on;
  $('show-grid').setAttribute('aria-pressed', String(!text));
  $('show-text').setAttribute('aria-pressed', String(text));
  $('table-grid').closest('.table-wrap').hidden = text;
  $('grid-add-row').hidden = text;
  if (!text && grid.on && grid.file && !grid.sheet) load($('editor').value);   // the text may have been edited by hand
}

/** A heading in words as a sentence would have it: 'Metric' becomes 'metric', an acronym ('OPEL level') stays. */
function headingWords(hd) { return !hd ? '' : /^[A-Z]{2}/.test(hd) ? hd : hd.charAt(0).toLowerCase() + hd.slice(1); }

function draw() {
  const head = h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, grid.sheet ? 'row' : 'line'),
    grid.headings.map((hd, i) => h('th', { scope: 'col', 'data-column': String(i) }, headingWords(hd))),
    h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove'))));
  const body = h('tbody', {}, grid.data.map((r, ri) => h('tr', { 'data-row': String(ri) },
    h('td', { class: 'meta' }, r.line ? String(r.line) : 'new'),
    r.cells.map((v, ci) => h('td', {}, cellInput(ri, ci, v))),
    h('td', {}, h('button', { type: 'button', class: 'small remove-row', 'aria-label': 'Remove row ' + (r.cells[0] || ri + 1),
      onclick: () => { grid.data.splice(ri, 1); write(); draw(); } }, 'Remove')))));
  $('table-grid').replaceChildren(h('caption', { class: 'visually-hidden' }, 'Rows of ' + grid.file), head, body);
  check();
}

function cellInput(ri, ci, v) {
  const t = grid.types[ci];
  const label = 'Row ' + (ri + 1) + ', ' + headingWords(grid.headings[ci]);
  const attrs = { type: 'text', value: v, 'data-row': String(ri), 'data-column': String(ci), 'aria-label': label, class: 'cell cell-' + t.kind, spellcheck: 'false' };
  if (t.kind === 'choice' || t.kind === 'metric') attrs.list = t.kind === 'choice' ? 'grid-org-types' : 'grid-metrics';
  if (t.kind === 'number' || t.kind === 'level') attrs.inputmode = 'decimal';
  const input = h('input', attrs);
  input.addEventListener('input', () => { grid.data[ri].cells[ci] = input.value; write(); check(); });
  return input;
}

/** The CSV with the grid's rows in place of the table's data rows; everything around them kept as it was. */
function write() {
  if (grid.sheet) {
    // a spreadsheet is written by the service, a moment after the last keystroke
    clearTimeout(grid.timer);
    grid.timer = setTimeout(() => { grid.timer = null; grid.pending = saveSheet(); }, 250);
    return;
  }
  const startLine = grid.rows[grid.first] ? grid.rows[grid.first].line : grid.lines.length + 1;
  const after = grid.rows[grid.last];
  const prefix = grid.lines.slice(0, startLine - 1);
  const suffix = after ? grid.lines.slice(after.line - 1) : (grid.lines[grid.lines.length - 1] === '' ? [''] : []);
  const data = grid.data.map(r => r.cells.map(quote).join(','));
  const text = [...prefix, ...data, ...suffix].join('\n');
  const editor = $('editor');
  editor.value = text;
  editor.dispatchEvent(new Event('input'));
  // line numbers of the rows as they now stand, so problems name the right line
  grid.data.forEach((r, i) => { r.line = startLine + i; });
  grid.rows = parseCsv(text);
  const l = layout(grid.rows);
  grid.first = l.first;
  grid.last = l.last;
  grid.lines = text.split('\n');
  document.querySelectorAll('#table-grid tbody tr').forEach((tr, i) => { if (grid.data[i]) tr.firstChild.textContent = String(grid.data[i].line); });
}

/** Types and ranges from the catalogue: metric names and their ranges, OPEL levels 1 to 4, numbers, unique codes. */
function check() {
  const problems = [];
  const codes = new Map();
  const metricCol = grid.types.findIndex(t => t.kind === 'metric');
  grid.data.forEach((r, ri) => {
    const metric = metricCol >= 0 ? grid.metrics.get(r.cells[metricCol].trim()) : null;
    r.cells.forEach((raw, ci) => {
      const v = raw.trim();
      const t = grid.types[ci];
      let why = null;
      if (t.kind === 'choice' && !t.values.includes(v)) why = v ? "'" + v + "' is not an organisation type (" + t.values.join(', ') + ')' : 'give an organisation type';
      else if (t.kind === 'metric' && !grid.metrics.has(v)) why = v ? "'" + v + "' is not a metric in the catalogue" : 'give a metric';
      else if (t.kind === 'level' && !/^[1-4]$/.test(v)) why = (v ? "'" + v + "' is not" : 'give') + ' ' + (t.what || 'an OPEL level') + ' (1, 2, 3 or 4)';
      else if (t.kind === 'number' && v !== '') {
        const n = Number(v);
        if (!/^-?\d+(\.\d+)?$/.test(v) || !Number.isFinite(n)) why = "'" + v + "' is not a number";
        else if (metric && (n < metric.min || n > metric.max)) why = v + ' is outside ' + metric.id + "'s range (" + metric.min + ' to ' + metric.max + (metric.unit ? ' ' + metric.unit : '') + ')';
      } else if (t.kind === 'code') {
        if (!v) why = 'give the rule a code';
        else if (codes.has(v)) why = 'code ' + v + ' is used by another row too (' + codes.get(v) + ')';
        else codes.set(v, where(r));
      }
      if (t.kind === 'number' && !t.optional && v === '') why = 'give a number';
      const input = document.querySelector('#table-grid input[data-row="' + ri + '"][data-column="' + ci + '"]');
      if (input) {
        input.setAttribute('aria-invalid', why ? 'true' : 'false');
        input.title = why || '';
      }
      if (why) problems.push({ row: ri, column: ci, text: grid.file + ', ' + where(r) + ", column '" + headingWords(grid.headings[ci]) + "': " + why });
    });
  });
  grid.problems = problems;
  $('grid-problems').replaceChildren(
    h('datalist', { id: 'grid-org-types' }, ORG_TYPES.map(v => h('option', { value: v }))),
    h('datalist', { id: 'grid-metrics' }, [...grid.metrics.keys()].map(v => h('option', { value: v }))),
    problems.length ? h('div', { class: 'error-box', id: 'grid-error-box', role: 'alert' }, h('h4', {}, problems.length + ' cell(s) to put right'),
      h('ul', { id: 'grid-error-list' }, problems.map(p => h('li', {}, p.text)))) : '');
}

/**
 * The service's own findings for this file (its typed cell check on validate), put on the cells they name:
 * a problem's line is the row's line in the file, its column the cell's column (from 1).
 */
export function markServerProblems(problems) {
  if (!grid.on) return;
  const mine = problems.filter(p => p.file === grid.file && p.line);
  const listed = [];
  for (const p of mine) {
    const ri = grid.data.findIndex(r => r.line === p.line);
    const input = ri < 0 || !p.column ? null
      : document.querySelector('#table-grid input[data-row="' + ri + '"][data-column="' + (p.column - 1) + '"]');
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.title = p.message;
    }
    listed.push(grid.file + ', ' + (grid.sheet ? 'row ' : 'line ') + p.line + (p.column && grid.headings[p.column - 1] ? ", column '" + headingWords(grid.headings[p.column - 1]) + "'" : '') + ': ' + p.message);
  }
  const old = $('grid-server-box');
  if (old) old.remove();
  if (listed.length) {
    $('grid-problems').append(h('div', { class: 'error-box', id: 'grid-server-box', role: 'alert' },
      h('h4', {}, 'The service found ' + listed.length + ' problem(s) in this table'),
      h('ul', { id: 'grid-server-list' }, listed.map(t => h('li', {}, t)))));
  }
}

/** Where a row is, in words: its line in a CSV, its row in a spreadsheet; a row not yet written is new. */
function where(r) { return r.line ? (grid.sheet ? 'row ' : 'line ') + r.line : 'a new row'; }

function addRow() {
  const cells = grid.headings.map(() => '');
  grid.data.push({ line: null, origin: null, cells });
  write();
  draw();
  const first = document.querySelector('#table-grid tbody tr:last-child input');
  if (first) first.focus();
}

export function initGrid() {
  $('show-grid').addEventListener('click', () => showText(false));
  $('show-text').addEventListener('click', () => showText(true));
  $('grid-add-row').addEventListener('click', addRow);
}
