// The Exercises page: choose a shipped exercise, run it live step by step or with typed injects,
// watch the OPEL timeline grow, and open or print the debrief report.
import { api, h, opelBadge, errorBox, initHeader, dateTime } from './common.js';

const $ = id => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = ['#0b57a4', '#b3261e', '#1e6b30', '#7a4dbf', '#a35200', '#00707a', '#8a1c5c', '#4a535b'];
const state = { files: new Map(), exercise: null, loadFailed: false };

const when = t => dateTime(t);

/** Action titles by id, from every step so far (a stood-down action is no longer in the latest step). */
function actionTitles(ex) {
  const titles = new Map();
  for (const s of ex.steps) for (const a of [...(s.result.recommendations || []), ...(s.result.actionPlan || [])]) titles.set(a.action, a.title);
  return titles;
}
const titled = (ids, titles) => ids.map(id => titles.get(id) || id).join('; ');

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

// ---------- choosing and starting ----------

async function loadExercises() {
  const select = $('exercise-select');
  const a = await api('GET', '/api/v1/exercise-files');
  if (a.status !== 200) {
    select.replaceChildren(h('option', { value: '' }, 'Exercises could not be loaded'));
    $('status').replaceChildren(errorBox(a, 'Exercises could not be loaded'));
    state.loadFailed = true;
    return;
  }
  select.replaceChildren(h('option', { value: '' }, 'Choose an exercise…'), ...a.body.map(e => h('option', { value: e.file }, e.name)));
  for (const e of a.body) state.files.set(e.file, e);
}

function describeChoice() {
  const e = state.files.get($('exercise-select').value);
  $('exercise-description').textContent = e ? (e.description || '') + ' (' + e.file + ')' : '';
}

async function start() {
  const file = $('exercise-select').value;
  if (!file) {
    $('status').replaceChildren(h('div', { class: 'error-box', role: 'alert' }, h('p', {}, 'Choose an exercise first.')));
    $('exercise-select').focus();
    return;
  }
  const b = $('start');
  b.disabled = true;
  $('status').textContent = 'Starting…';
  const read = await api('GET', '/api/v1/exercise-files/' + encodeURIComponent(file));
  const a = read.status === 200 ? await api('POST', '/api/v1/exercises?audit=false', read.body) : read;
  b.disabled = false;
  if (a.status !== 201) { $('status').replaceChildren(errorBox(a, 'Not started')); return; }
  $('status').textContent = '';
  state.exercise = a.body;
  $('chooser').hidden = true;
  $('running').hidden = false;
  $('exercise-name').textContent = a.body.name || file;
  renderTimeline();
  $('next-step').focus();
}

// ---------- stepping ----------

async function move(inject) {
  const ex = state.exercise;
  const button = inject === undefined ? $('next-step') : $('send-inject');
  button.disabled = true;
  $('status').textContent = inject === undefined ? 'Applying the next step…' : 'Applying the inject…';
  const a = await api('POST', '/api/v1/exercises/' + encodeURIComponent(ex.id) + '/steps?audit=false', inject);
  button.disabled = false;
  if (a.status !== 201) {
    $('status').replaceChildren(errorBox(a, inject === undefined ? 'No step applied' : 'The inject was not applied'));
    if (a.status === 409) await refresh();
    return;
  }
  $('status').textContent = 'Step ' + a.body.index + (a.body.label ? ': ' + a.body.label : '') + ' applied.';
  await refresh();
}

/** Reads the exercise again: the timeline so far, its summary and whether the script has run out. */
async function refresh() {
  const a = await api('GET', '/api/v1/exercises/' + encodeURIComponent(state.exercise.id) + '?audit=false');
  if (a.status !== 200) { $('status').replaceChildren(errorBox(a, 'The exercise could not be read')); return; }
  state.exercise = a.body;
  renderTimeline();
}

async function sendInject() {
  const text = $('inject').value.trim();
  if (!text) {
    $('status').replaceChildren(h('div', { class: 'error-box', role: 'alert' }, h('p', {}, 'Type an inject first, or fill in the example.')));
    $('inject').focus();
    return;
  }
  await move(text);   // sent as typed: the service reports malformed JSON and every field at fault
}

function exampleInject() {
  $('inject').value = JSON.stringify({
    label: 'Inject: flood in ED',
    narrative: 'A burst water main floods the emergency department at the LGI.',
    events: [{ type: 'SIGNIFICANT_EVENT', org: 'LTHT', description: 'burst main floods the ED' }],
  }, null, 2);
  $('inject').focus();
}

async function end() {
  const a = await api('DELETE', '/api/v1/exercises/' + encodeURIComponent(state.exercise.id));
  if (a.status !== 204) { $('status').replaceChildren(errorBox(a, 'Not ended')); return; }
  state.exercise = null;
  $('running').hidden = true;
  $('chooser').hidden = false;
  $('timeline').hidden = true;
  $('report').hidden = true;
  $('timeline-empty').hidden = false;
  $('status').textContent = 'The exercise has ended.';
  $('exercise-select').focus();
}

// ---------- the timeline ----------

function orgLevels(step) {
  const out = new Map();
  for (const o of step.result.opel.organisations) if (o.level !== null && o.level !== undefined) out.set(o.org, o.level);
  return out;
}

/** The OPEL chart: one line per organisation with a level, the system in bold; the x axis spans the whole script. */
function chart(ex) {
  const steps = ex.steps;
  const orgs = [];
  for (const s of steps) for (const org of orgLevels(s).keys()) if (!orgs.includes(org)) orgs.push(org);
  const slots = Math.max(ex.scriptedSteps || 0, steps.length, 2);
  const W = 760, H = 300, left = 54, right = 16, top = 46, bottom = 40;
  const x = i => left + (slots === 1 ? 0 : i * (W - left - right) / (slots - 1));
  const y = level => top + (4 - level) * (H - top - bottom) / 3;
  const parts = [];
  for (let l = 1; l <= 4; l++) {
    parts.push(svg('line', { x1: left, x2: W - right, y1: y(l), y2: y(l), class: 'grid' }));
    parts.push(svg('text', { x: left - 8, y: y(l) + 4, 'text-anchor': 'end', class: 'axis' }, 'OPEL ' + l));
  }
  const labelEvery = Math.max(1, Math.ceil(slots / 12));
  for (let i = 0; i < slots; i += labelEvery) parts.push(svg('text', { x: x(i), y: H - bottom + 18, 'text-anchor': 'middle', class: 'axis' }, String(i)));
  parts.push(svg('text', { x: (left + W - right) / 2, y: H - 4, 'text-anchor': 'middle', class: 'axis' }, 'step'));
  // organisations at the same level are drawn a few pixels apart, so no line hides another
  const series = orgs.map((org, k) => ({ name: org, colour: COLOURS[k % COLOURS.length], offset: (k - (orgs.length - 1) / 2) * 3,
    points: steps.map(s => orgLevels(s).get(org)) }));
  series.push({ name: 'system', colour: '#1b1f23', system: true, offset: 0, points: steps.map(s => s.result.opel.system) });
  for (const s of series) {
    const d = s.points.map((l, i) => l ? (i === 0 || !s.points[i - 1] ? 'M' : 'L') + x(i) + ' ' + (y(l) + s.offset) : '').join(' ');
    parts.push(svg('path', { d, class: 'series' + (s.system ? ' system' : ''), stroke: s.colour, 'data-series': s.name }));
    s.points.forEach((l, i) => { if (l) parts.push(svg('circle', { cx: x(i), cy: y(l) + s.offset, r: s.system ? 4.5 : 3, fill: s.colour, 'data-series': s.name }, svg('title', {}, s.name + ' at step ' + i + ': OPEL ' + l))); });
  }
  steps.forEach((s, i) => {
    const r = s.result;
    if (r.exceptionReport && r.exceptionReport.required) {
      parts.push(svg('path', { d: 'M' + x(i) + ' ' + (top - 38) + ' l6 10 h-12 z', class: 'mark-return' },
        svg('title', {}, 'step ' + i + ': exception return owed (' + r.exceptionReport.triggers.map(t => t.code).join(' ') + ')')));
    }
    if ([...(r.recommendations || []), ...(r.actionPlan || [])].some(rec => rec.action === 'SITREP_CALL')) {
      parts.push(svg('circle', { cx: x(i), cy: top - 18, r: 4.5, class: 'mark-sitrep' }, svg('title', {}, 'step ' + i + ': system sitrep call')));
    }
    if (s.inject) {
      parts.push(svg('path', { d: 'M' + x(i) + ' ' + (top - 10) + ' l5 5 l-5 5 l-5 -5 z', class: 'mark-inject' }, svg('title', {}, 'step ' + i + ': inject ' + (s.label || ''))));
    }
  });
  const last = steps[steps.length - 1];
  const chartEl = svg('svg', {
    viewBox: '0 0 ' + W + ' ' + H, class: 'opel-chart', role: 'img', id: 'opel-chart', 'data-steps': String(steps.length),
    'aria-label': 'OPEL timeline: ' + steps.length + ' step(s) of ' + slots + (last ? ', system at OPEL ' + (last.result.opel.system ?? 'none') + ' at the latest step' : ''),
  }, ...parts);
  const legend = h('ul', { class: 'legend' }, series.map(s => h('li', {}, h('span', { class: 'swatch' + (s.system ? ' system' : ''), style: 'background:' + s.colour }), s.name)));
  return [chartEl, legend];
}

function latest(step) {
  if (!step) return '';
  const r = step.result;
  const c = step.changes || { new: [], continuing: [], stoodDown: [] };
  return h('div', { class: 'card', id: 'latest-step' },
    h('h3', {}, 'Step ' + step.index + (step.label ? ': ' + step.label : ''), step.inject ? [' ', h('span', { class: 'badge cat' }, 'inject')] : null),
    step.narrative ? h('p', {}, step.narrative) : null,
    h('div', { class: 'headline' },
      h('div', {}, h('span', { class: 'badge-label' }, 'System OPEL'), opelBadge(r.opel.system, 'System OPEL', true)),
      h('div', {}, h('span', { class: r.exceptionReport.required ? 'verdict owed' : 'verdict not-owed' },
        r.exceptionReport.required ? 'Return owed' : 'No return owed'))),
    h('p', { class: 'facts-line' }, when(step.asOf)),
    c.new.length ? h('p', {}, h('strong', {}, 'New: '), titled(c.new, actionTitles(state.exercise))) : null,
    c.stoodDown.length ? h('p', {}, h('strong', {}, 'Stood down: '), titled(c.stoodDown, actionTitles(state.exercise))) : null,
    step.expectationsBroken && step.expectationsBroken.length
      ? h('div', { class: 'error-box' }, h('h4', {}, 'Expectations of the script that broke'), h('ul', {}, step.expectationsBroken.map(b => h('li', {}, b)))) : null);
}

function renderTimeline() {
  const ex = state.exercise;
  const applied = ex.steps.length;
  const scripted = ex.steps.filter(s => !s.inject).length;
  $('exercise-progress').textContent = applied + ' step(s) applied: ' + scripted + ' of ' + ex.scriptedSteps + ' scripted'
    + (ex.summary && ex.summary.injects ? ', ' + ex.summary.injects + ' inject(s)' : '') + '. Ruleset ' + ex.rulesetVersion + '.';
  $('next-step').disabled = ex.finished;
  $('next-hint').textContent = ex.finished ? 'The script has run out: type an inject to carry on, or open the report.' : '';
  $('timeline-empty').hidden = applied > 0;
  $('timeline').hidden = applied === 0;
  if (!applied) return;
  $('chart').replaceChildren(...chart(ex));
  $('latest').replaceChildren(latest(ex.steps[applied - 1]));
  const titles = actionTitles(ex);
  $('steps-body').replaceChildren(...ex.steps.map(s => {
    const r = s.result;
    const c = s.changes || { new: [], stoodDown: [] };
    return h('tr', { 'data-index': String(s.index), class: s.inject ? 'inject' : null },
      h('td', {}, String(s.index)),
      h('td', {}, when(s.asOf)),
      h('td', {}, s.label || '', s.inject ? [' ', h('span', { class: 'badge cat' }, 'inject')] : null),
      h('td', {}, opelBadge(r.opel.system, 'System OPEL')),
      h('td', {}, r.exceptionReport.required ? 'yes: ' + r.exceptionReport.triggers.map(t => t.code).join(' ') : 'no'),
      h('td', {}, r.principleBreaches.map(b => b.code).filter((v, i, all) => all.indexOf(v) === i).join(' ')),
      h('td', {}, c.new.length ? h('div', {}, '+ ' + titled(c.new, titles)) : null, c.stoodDown.length ? h('div', {}, '− ' + titled(c.stoodDown, titles)) : null));
  }));
}

// ---------- the debrief report ----------

async function loadReport() {
  const a = await api('GET', '/api/v1/exercises/' + encodeURIComponent(state.exercise.id) + '/report.html', undefined, { as: 'text' });
  if (a.status !== 200) { $('status').replaceChildren(errorBox(a, 'No report')); return null; }
  const frame = $('report-frame');
  await new Promise(resolve => { frame.onload = resolve; frame.srcdoc = a.body; });
  $('report').hidden = false;
  return frame;
}

async function openReport() {
  if (await loadReport()) {
    $('report').scrollIntoView({ block: 'start' });
    $('close-report').focus();
  }
}

async function printReport() {
  const frame = await loadReport();
  if (frame) frame.contentWindow.print();
}

// ---------- start ----------

async function init() {
  initHeader();
  $('exercise-select').addEventListener('change', describeChoice);
  $('start').addEventListener('click', start);
  $('next-step').addEventListener('click', () => move(undefined));
  $('send-inject').addEventListener('click', sendInject);
  $('inject-example').addEventListener('click', exampleInject);
  $('end').addEventListener('click', end);
  $('open-report').addEventListener('click', openReport);
  $('print-report').addEventListener('click', printReport);
  $('close-report').addEventListener('click', () => { $('report').hidden = true; $('open-report').focus(); });
  window.addEventListener('winterroom:token', () => { if (state.loadFailed) location.reload(); });
  await loadExercises();
  document.body.dataset.ready = 'true';   // browser tests wait for this
}

init();
