// The Evaluate page: give a situation (shipped scenario, JSON, or form), evaluate it, read the answer with its reasons.
import { api, h, errorBox, initHeader, tabs, token } from './common.js';
import { initWhyDialog } from './why.js';
import { resultSections, copySummary } from './result.js';
import { loadCatalogue } from './catalogue.js';

const ORG_TYPES = ['ACUTE', 'COMMUNITY', 'MENTAL_HEALTH', 'AMBULANCE', 'GP_OUT_OF_HOURS', 'PRIMARY_CARE',
  'SOCIAL_CARE', 'COMMISSIONER', 'CARE_PROVIDER', 'THIRD_SECTOR'];
const EVENT_TYPES = ['SIGNIFICANT_EVENT', 'ADVERSE_WEATHER', 'WEATHER_FORECAST', 'FLU', 'NOROVIRUS', 'INDUSTRIAL_ACTION', 'CRITICAL_INCIDENT', 'MAJOR_INCIDENT'];

const $ = id => document.getElementById(id);
const state = { metrics: [], scenarios: new Map(), inputTabs: null };

// ---------- situation input ----------

async function loadScenarios() {
  const select = $('scenario-select');
  const a = await api('GET', '/api/v1/scenarios');
  if (a.status !== 200) {
    select.replaceChildren(h('option', { value: '' }, 'Scenarios could not be loaded'));
    $('status').replaceChildren(errorBox(a, 'Scenarios could not be loaded'));
    state.loadFailed = true;
    return;
  }
  // worked examples first; then the test cases, grouped by what each expects (the service reads its expectations):
  // something a manager acts on fires, or nothing does (a near miss)
  const example = s => /^(example-|leeds-)/.test(s.file);
  const groups = [['Worked examples', example],
    ['Test cases: a rule fires', s => !example(s) && !s.nearMiss],
    ['Test cases: near misses', s => !example(s) && s.nearMiss]];
  select.replaceChildren(h('option', { value: '' }, 'Choose a scenario…'),
    ...groups.map(([label, test]) => h('optgroup', { label }, a.body.filter(test).map(s => h('option', { value: s.file }, s.name)))));
  for (const s of a.body) state.scenarios.set(s.file, s);
  select.addEventListener('change', () => {
    const s = state.scenarios.get(select.value);
    $('scenario-description').textContent = s ? (s.description || '') + ' (' + s.file + ')' : '';
  });
}

/** The chosen scenario's situation, without its test expectations. */
async function scenarioSituation() {
  const file = $('scenario-select').value;
  if (!file) throw new InputProblem('Choose a scenario first.', 'scenario-select');
  const a = await api('GET', '/api/v1/scenarios/' + encodeURIComponent(file));
  if (a.status !== 200) throw new InputProblem(a.body && a.body.error || 'the scenario could not be read', 'scenario-select');
  const situation = a.body;
  delete situation.expect;
  return situation;
}

class InputProblem extends Error {
  constructor(message, fieldId) { super(message); this.fieldId = fieldId; }
}

function jsonSituation() {
  const text = $('situation-json').value;
  if (!text.trim()) throw new InputProblem('The JSON editor is empty: paste or upload a situation.', 'situation-json');
  return text;   // sent as typed: the service reports malformed JSON with its line and column
}

// ---------- the form ----------

function removeButton(label) {
  return h('button', { type: 'button', class: 'small', 'aria-label': 'Remove ' + label, onclick: e => { e.target.closest('tr').remove(); refreshOrgChoices(); } }, 'Remove');
}

function select(options, value, attrs) {
  return h('select', attrs, options.map(o => {
    const [v, text, title] = Array.isArray(o) ? o : [o, o];
    return h('option', { value: v, selected: String(v) === String(value ?? ''), title }, text);
  }));
}

let rowCount = 0;
function addOrg(org = {}) {
  const n = ++rowCount;
  const row = h('tr', { class: 'org-row' },
    h('td', {}, h('label', { for: 'org-code-' + n, class: 'visually-hidden' }, 'Organisation code'),
      h('input', { type: 'text', id: 'org-code-' + n, class: 'org-code', value: org.code || '', list: 'known-orgs', autocomplete: 'off', onchange: refreshOrgChoices })),
    h('td', {}, h('label', { for: 'org-type-' + n, class: 'visually-hidden' }, 'Organisation type'),
      select(ORG_TYPES, org.type || 'ACUTE', { id: 'org-type-' + n, class: 'org-type' })),
    h('td', {}, h('label', { for: 'org-opel-' + n, class: 'visually-hidden' }, 'Reported OPEL level'),
      select([['', 'none'], ['1', 'OPEL 1'], ['2', 'OPEL 2'], ['3', 'OPEL 3'], ['4', 'OPEL 4']], org.reportedOpel, { id: 'org-opel-' + n, class: 'org-opel' })),
    h('td', {}, removeButton('organisation ' + n)));
  $('form-orgs').append(row);
  refreshOrgChoices();
}

function orgCodes() {
  return [...document.querySelectorAll('.org-code')].map(i => i.value.trim()).filter(Boolean);
}

/** Keeps the organisation drop-downs of measures and events in step with the organisations listed. */
function refreshOrgChoices() {
  const codes = orgCodes();
  for (const sel of document.querySelectorAll('select.measure-org, select.event-org')) {
    const current = sel.value || sel.dataset.initial || '';
    const blank = sel.classList.contains('event-org') ? [['', 'whole system']] : [];
    const options = [...blank, ...codes.map(c => [c, c])];
    if (current && !codes.includes(current)) options.push([current, current + ' (not listed)']);
    sel.replaceChildren(...options.map(([v, t]) => h('option', { value: v, selected: v === current }, t)));
    delete sel.dataset.initial;
  }
}

function metricOptions() {
  // the id alone, so the choice fits its column; the unit and meaning show beneath it
  return state.metrics.map(m => [m.id, m.id, m.meaning + ' (' + m.unit + ')']);
}

function addMeasure(measure = {}) {
  const n = ++rowCount;
  const metric = select(metricOptions(), measure.metric, { id: 'measure-metric-' + n, class: 'measure-metric', 'aria-describedby': 'measure-meaning-' + n });
  const meaning = h('div', { class: 'hint', id: 'measure-meaning-' + n });
  const showMeaning = () => {
    const m = state.metrics.find(x => x.id === metric.value);
    meaning.textContent = m ? m.meaning + ' In ' + m.unit + ', valid ' + m.min + ' to ' + m.max + '.' : '';
  };
  metric.addEventListener('change', showMeaning);
  const org = h('select', { id: 'measure-org-' + n, class: 'measure-org', 'data-initial': measure.org || '' });
  const row = h('tr', { class: 'measure-row' },
    h('td', {}, h('label', { for: 'measure-org-' + n, class: 'visually-hidden' }, 'Organisation'), org),
    h('td', { class: 'metric-cell' }, h('label', { for: 'measure-metric-' + n, class: 'visually-hidden' }, 'Metric'), metric, meaning),
    h('td', {}, h('label', { for: 'measure-value-' + n, class: 'visually-hidden' }, 'Value'),
      h('input', { type: 'number', step: 'any', id: 'measure-value-' + n, class: 'measure-value', value: measure.value ?? '' })),
    h('td', {}, h('label', { for: 'measure-prev-' + n, class: 'visually-hidden' }, 'Previous day value'),
      h('input', { type: 'number', step: 'any', id: 'measure-prev-' + n, class: 'measure-prev', value: measure.previousDay ?? '' })),
    h('td', {}, removeButton('measure ' + n)));
  $('form-measures').append(row);
  refreshOrgChoices();
  showMeaning();
}

function addEvent(event = {}) {
  const n = ++rowCount;
  const row = h('tr', { class: 'event-row' },
    h('td', {}, h('label', { for: 'event-type-' + n, class: 'visually-hidden' }, 'Event type'),
      select(EVENT_TYPES, event.type, { id: 'event-type-' + n, class: 'event-type' })),
    h('td', {}, h('label', { for: 'event-org-' + n, class: 'visually-hidden' }, 'Organisation'),
      h('select', { id: 'event-org-' + n, class: 'event-org', 'data-initial': event.org || '' })),
    h('td', {}, h('label', { for: 'event-desc-' + n, class: 'visually-hidden' }, 'Description'),
      h('input', { type: 'text', id: 'event-desc-' + n, class: 'event-desc', value: event.description || '' })),
    h('td', {}, removeButton('event ' + n)));
  $('form-events').append(row);
  refreshOrgChoices();
}

/** The situation the form describes. Empty number boxes are left out; the service checks the rest. */
function formSituation() {
  const asOf = $('form-asof').value.trim();
  if (!asOf) throw new InputProblem('Give the date and time of the situation.', 'form-asof');
  const when = parseLocal(asOf);
  if (!when) throw new InputProblem('The date and time is not valid: write it as dd/mm/yyyy hh:mm, for example 12/01/2019 07:30.', 'form-asof');
  const situation = { asOf: when.toISOString(), organisations: [], measures: [], events: [] };
  const bh = $('form-bank-holiday').value;
  if (bh) situation.bankHoliday = bh === 'true';
  for (const row of document.querySelectorAll('.org-row')) {
    const org = { code: row.querySelector('.org-code').value.trim(), type: row.querySelector('.org-type').value };
    const opel = row.querySelector('.org-opel').value;
    if (opel) org.reportedOpel = Number(opel);
    situation.organisations.push(org);
  }
  for (const row of document.querySelectorAll('.measure-row')) {
    const m = { org: row.querySelector('.measure-org').value, metric: row.querySelector('.measure-metric').value };
    const value = row.querySelector('.measure-value').value;
    const prev = row.querySelector('.measure-prev').value;
    m.value = value === '' ? null : Number(value);
    if (prev !== '') m.previousDay = Number(prev);
    situation.measures.push(m);
  }
  for (const row of document.querySelectorAll('.event-row')) {
    const e = { type: row.querySelector('.event-type').value };
    const org = row.querySelector('.event-org').value;
    const desc = row.querySelector('.event-desc').value.trim();
    if (org) e.org = org;
    if (desc) e.description = desc;
    situation.events.push(e);
  }
  return situation;
}

/** Local wall-clock time as dd/mm/yyyy hh:mm for the date box. */
function localInputValue(date) {
  const p = n => String(n).padStart(2, '0');
  return p(date.getDate()) + '/' + p(date.getMonth() + 1) + '/' + date.getFullYear() + ' ' + p(date.getHours()) + ':' + p(date.getMinutes());
}

/** "12/01/2019 07:30" (or ISO "2019-01-12T07:30") in the browser's local time; null when it is not a real moment. */
function parseLocal(text) {
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ ,T]+(\d{1,2}):(\d{2})$/.exec(text);
  const parts = m ? [m[3], m[2], m[1], m[4], m[5]] : (m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text)) ? m.slice(1) : null;
  if (!parts) return null;
  const [y, mo, d, hh, mm] = parts.map(Number);
  const when = new Date(y, mo - 1, d, hh, mm);
  return when.getFullYear() === y && when.getMonth() === mo - 1 && when.getDate() === d && hh < 24 && mm < 60 ? when : null;
}

function initForm() {
  $('add-org').addEventListener('click', () => { addOrg(); document.querySelector('.org-row:last-child .org-code').focus(); });
  $('add-measure').addEventListener('click', () => { addMeasure(); document.querySelector('.measure-row:last-child .measure-org').focus(); });
  $('add-event').addEventListener('click', () => { addEvent(); document.querySelector('.event-row:last-child .event-type').focus(); });
  $('form-asof').value = localInputValue(new Date());
  document.body.append(h('datalist', { id: 'known-orgs' },
    ['LTHT', 'LCH', 'LYPFT', 'YAS', 'LCD', 'OPC', 'GPCONFED', 'LCC', 'CCG', 'CAREHOMES', 'CCB', 'AGEUK'].map(c => h('option', { value: c }))));
  addOrg({ code: 'LTHT', type: 'ACUTE' });
  addOrg({ code: 'CCG', type: 'COMMISSIONER' });
  addMeasure({ org: 'LTHT', metric: 'ae_4h_pct' });
  $('form-to-json').addEventListener('click', () => {
    try {
      $('situation-json').value = JSON.stringify(formSituation(), null, 2);
      state.inputTabs.select('tab-json');
      $('situation-json').focus();
    } catch (e) { showInputProblem(e); }
  });
}

/** Marks the form controls the service named in its error details, e.g. measures[0].value. */
function markFormFields(details) {
  const rows = { organisations: '.org-row', measures: '.measure-row', events: '.event-row' };
  const controls = {
    organisations: { code: '.org-code', type: '.org-type', reportedOpel: '.org-opel' },
    measures: { org: '.measure-org', metric: '.measure-metric', value: '.measure-value', previousDay: '.measure-prev' },
    events: { type: '.event-type', org: '.event-org', description: '.event-desc' },
  };
  for (const d of details || []) {
    const m = /^(organisations|measures|events)\[(\d+)\](?:\.(\w+))?/.exec(d.field || '');
    if (!m) { if (d.field === 'asOf') $('form-asof').setAttribute('aria-invalid', 'true'); continue; }
    const row = document.querySelectorAll(rows[m[1]])[Number(m[2])];
    const control = row && m[3] && controls[m[1]][m[3]] ? row.querySelector(controls[m[1]][m[3]]) : null;
    if (control) control.setAttribute('aria-invalid', 'true');
  }
}

// ---------- evaluating ----------

function showInputProblem(e) {
  $('status').replaceChildren(h('div', { class: 'error-box', role: 'alert' }, h('p', {}, e.message)));
  if (e.fieldId) { $(e.fieldId).setAttribute('aria-invalid', 'true'); $(e.fieldId).focus(); }
}

async function evaluate() {
  const button = $('evaluate');
  document.querySelectorAll('[aria-invalid]').forEach(el => el.removeAttribute('aria-invalid'));
  $('status').replaceChildren();
  let body;
  try {
    const tab = state.inputTabs.selected();
    body = tab === 'tab-scenario' ? await scenarioSituation() : tab === 'tab-json' ? jsonSituation() : formSituation();
  } catch (e) {
    if (e instanceof InputProblem) return showInputProblem(e);
    throw e;
  }
  button.disabled = true;
  $('status').textContent = 'Evaluating…';
  const started = performance.now();
  const a = await api('POST', '/api/v1/evaluations', body);
  button.disabled = false;
  if (a.status !== 201) {
    // an answer to an earlier situation must not be read as the answer to this one
    $('result-body').replaceChildren();
    $('results-empty').hidden = false;
    const box = errorBox(a, a.status === 401 || a.status === 403 ? 'Not evaluated' : 'Not evaluated: the situation needs correcting');
    $('status').replaceChildren(box);
    if (state.inputTabs.selected() === 'tab-form') markFormFields(a.body && a.body.details);
    box.scrollIntoView({ block: 'center' });
    return;
  }
  $('status').textContent = 'Evaluated in ' + Math.round(performance.now() - started) + ' ms.';
  renderResult(a.body);
  $('results-heading').focus();
}

// ---------- the result ----------

function renderResult(r) {
  $('results-empty').hidden = true;
  $('result-body').replaceChildren(...resultSections(r, copySummary));
}

// ---------- start ----------

async function init() {
  initWhyDialog();
  state.inputTabs = tabs($('input-tabs'));
  initHeader();
  // the result names metrics, actions and organisations in the catalogue's words
  const [metrics] = await Promise.all([api('GET', '/api/v1/catalogue/metrics'), loadCatalogue()]);
  state.metrics = metrics.status === 200 ? metrics.body : [];
  if (metrics.status !== 200) state.loadFailed = true;
  // what could not be read without a token is read again once one is given
  window.addEventListener('winterroom:token', () => { if (state.loadFailed && token()) location.reload(); });
  initForm();
  await loadScenarios();
  $('scenario-edit').addEventListener('click', async () => {
    try {
      $('situation-json').value = JSON.stringify(await scenarioSituation(), null, 2);
      state.inputTabs.select('tab-json');
      $('situation-json').focus();
    } catch (e) { if (e instanceof InputProblem) showInputProblem(e); else throw e; }
  });
  $('situation-file').addEventListener('change', async e => {
    const file = e.target.files[0];
    if (file) $('situation-json').value = await file.text();
  });
  $('evaluate').addEventListener('click', evaluate);
  document.body.dataset.ready = 'true';   // browser tests wait for this
}

init();
