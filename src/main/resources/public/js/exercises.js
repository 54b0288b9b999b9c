// The Exercises page, the facilitator's console: choose a shipped exercise, run it live step by step, with
// prepared, built or typed injects, while participants join with the code and record decisions; every open view
// hears of each change at once. An exercise keeps its own address (#id): a reload or another browser opens it where
// it stands. Ended exercises stay, with their report (HTML, PDF) and lessons identified.
import { api, h, opelBadge, errorBox, initHeader, dateTime } from './common.js';
import { listen, chartSvg, heardClock, renderClock } from './live.js';

const $ = id => document.getElementById(id);
const state = { files: new Map(), exercise: null, clock: null, loadFailed: false, stopListening: null, metrics: [] };

const when = t => dateTime(t);

/** Action titles by id, from every step so far (a stood-down action is no longer in the latest step). */
function actionTitles(ex) {
  const titles = new Map();
  for (const s of ex.steps) for (const a of [...(s.result.recommendations || []), ...(s.result.actionPlan || [])]) titles.set(a.action, a.title);
  return titles;
}
const titled = (ids, titles) => ids.map(id => titles.get(id) || id).join('; ');

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
  history.replaceState(null, '', '#' + a.body.id);
  await show(a.body);
  loadList();
  $('next-step').focus();
}

/** Opens an exercise where it stands (from its address, the list, or just started) and listens for its changes. */
async function show(ex) {
  if (!state.exercise || state.exercise.id !== ex.id) {
    if (state.stopListening) state.stopListening();
    // a clock change reads the clock alone; anything else reads the exercise (its clock with it)
    state.stopListening = listen(ex.id, change => (change && change.what === 'clock' ? readClock() : refresh()));
  }
  state.exercise = ex;
  state.clock = heardClock(ex.clock);
  $('exercise-name').textContent = ex.name;
  $('room-link').href = '/room.html#' + ex.id;
  $('pdf-link').href = '/api/v1/exercises/' + encodeURIComponent(ex.id) + '/report.pdf';
  fillPickers(ex);
  await renderTimeline();
}

async function openFromAddress() {
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  const a = await api('GET', '/api/v1/exercises/' + encodeURIComponent(id) + '?audit=false');
  if (a.status !== 200) { $('status').replaceChildren(errorBox(a, 'The exercise at this address could not be opened')); return; }
  await show(a.body);
}

async function loadList() {
  const wanted = $('list-state').value;
  const a = await api('GET', '/api/v1/exercises?limit=20' + (wanted ? '&state=' + wanted : ''));
  if (a.status !== 200) { $('exercise-list').replaceChildren(h('li', {}, 'The exercises could not be listed')); return; }
  $('exercise-list').replaceChildren(...(a.body.items.length ? a.body.items.map(e => h('li', {},
    h('a', { href: '#' + e.id }, e.name), ' ', h('span', { class: 'badge cat' }, e.state), ' ',
    h('span', { class: 'hint' }, e.steps + ' step(s), ' + when(e.createdAt) + ', ' + e.facilitator))) : [h('li', {}, 'None yet.')]));
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
  if (!state.exercise) return;
  const a = await api('GET', '/api/v1/exercises/' + encodeURIComponent(state.exercise.id) + '?audit=false');
  if (a.status !== 200) { $('status').replaceChildren(errorBox(a, 'The exercise could not be read')); return; }
  state.exercise = a.body;
  state.clock = heardClock(a.body.clock);
  await renderTimeline();
}

// ---------- the exercise clock ----------

/** Reads the clock again after the live stream said it changed (another window, or another facilitator). */
async function readClock() {
  if (!state.exercise) return;
  const a = await api('GET', '/api/v1/exercises/' + encodeURIComponent(state.exercise.id) + '/clock');
  if (a.status !== 200) return;
  state.clock = heardClock(a.body);
  clockControls();
  tick();
}

/** Starts, pauses or resumes the clock, or sets its speed; the answer is where it now stands. */
async function setClock(body, done) {
  const a = await api('POST', '/api/v1/exercises/' + encodeURIComponent(state.exercise.id) + '/clock', body);
  if (a.status !== 200) {
    $('status').replaceChildren(errorBox(a, 'The clock was not changed'));
    if (a.status === 409) await readClock();
    return;
  }
  state.clock = heardClock(a.body);
  $('status').textContent = done;
  clockControls();
  tick();
}

/** The buttons that make sense for the clock as it stands, and the speed it runs at. */
function clockControls() {
  const c = state.clock;
  if (!c) return;
  const started = c.state === 'running' || c.state === 'paused';
  $('clock-start').textContent = started ? 'Start again from the step\'s time' : 'Start the clock';
  $('clock-pause').disabled = c.state !== 'running';
  $('clock-resume').disabled = c.state !== 'paused';
  if (![...$('clock-speed').options].some(o => o.value === String(c.speed))) {
    $('clock-speed').append(h('option', { value: String(c.speed) }, c.speed + '×'));
  }
  $('clock-speed').value = String(c.speed);
}

// ---------- injects: prepared, built with pickers, or typed ----------

async function fire(index) {
  await move(JSON.stringify({ inject: index }));
}

function fillPickers(ex) {
  const orgs = (ex.steps.length ? ex.steps[ex.steps.length - 1].result.opel.organisations.map(o => o.org) : [])
    .concat((ex.participants || []).map(p => p.org).filter(Boolean));
  const known = [...new Set(orgs)];
  if (known.length) $('pick-org').replaceChildren(...known.map(o => h('option', { value: o }, o)));
  $('prepared').hidden = !(ex.injects && ex.injects.length);
  $('prepared-injects').replaceChildren(...(ex.injects || []).map((inj, i) => h('li', {},
    h('button', { type: 'button', class: 'small', 'data-prepared': String(i), onclick: () => fire(i) }, inj.label),
    inj.narrative ? h('span', { class: 'hint' }, ' ' + inj.narrative) : null)));
}

async function loadMetrics() {
  const a = await api('GET', '/api/v1/catalogue/metrics');
  if (a.status !== 200) return;
  state.metrics = a.body;
  $('pick-metric').replaceChildren(h('option', { value: '' }, 'none'), ...a.body.map(m => h('option', { value: m.id }, m.id)));
}

function describeMetric() {
  const m = state.metrics.find(x => x.id === $('pick-metric').value);
  $('pick-unit').textContent = m ? '(' + m.unit + ', ' + m.min + ' to ' + m.max + ')' : '';
  if (m) { $('pick-value').min = m.min; $('pick-value').max = m.max; }
}

async function sendPicked() {
  const org = $('pick-org').value;
  const inject = { label: $('pick-label').value || 'Inject' };
  if ($('pick-metric').value) inject.measures = [{ org, metric: $('pick-metric').value, value: Number($('pick-value').value) }];
  if ($('pick-level').value) inject.organisations = [{ code: org, reportedOpel: Number($('pick-level').value) }];
  if ($('pick-event').value) inject.events = [{ type: $('pick-event').value, org, description: $('pick-description').value || $('pick-event').value }];
  await move(inject);
}

// ---------- the room: decisions, participants, lessons ----------

function renderRoom(ex) {
  const people = ex.participants || [];
  $('participants').textContent = people.length
    ? 'In the room: ' + people.map(p => p.name + (p.org ? ' (' + p.org + ')' : '') + (p.role === 'observer' ? ', observing' : '')).join('; ')
    : 'Nobody has joined yet.';
  $('decisions-body').replaceChildren(...(ex.decisions || []).map(d => h('tr', {},
    h('td', {}, when(d.exerciseTime || d.asOf)), h('td', {}, when(d.recordedAt)), h('td', {}, d.afterStep === undefined ? 'before the first' : String(d.afterStep)),
    h('td', {}, d.org), h('td', {}, d.by), h('td', {}, d.text),
    h('td', {}, d.action ? d.action.type + (d.factAtStep !== undefined ? ' (fact of step ' + d.factAtStep + ')' : ' (joins the next step)') : ''))));
  $('lessons-list').replaceChildren(...(ex.lessons || []).map(l => h('li', {}, l.text + ' (' + l.owner + (l.due ? ', due ' + l.due : '') + ')')));
}

async function addLesson() {
  const body = { text: $('lesson-text').value, owner: $('lesson-owner').value };
  if ($('lesson-due').value) body.due = $('lesson-due').value;
  const a = await api('POST', '/api/v1/exercises/' + encodeURIComponent(state.exercise.id) + '/lessons', body);
  if (a.status !== 201) { $('status').replaceChildren(errorBox(a, 'The lesson was not recorded')); return; }
  $('lesson-text').value = '';
  $('status').textContent = 'Lesson recorded.';
  await refresh();
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
  const a = await api('POST', '/api/v1/exercises/' + encodeURIComponent(state.exercise.id) + '/end?audit=false');
  if (a.status !== 200) { $('status').replaceChildren(errorBox(a, 'Not ended')); return; }
  state.exercise = a.body;
  await renderTimeline();
  loadList();
  $('status').textContent = 'The exercise has ended.';
  $('lesson-text').focus();
}

async function discard() {
  if (!confirm('Discard this exercise? Only do this for one started by mistake: it is removed, and its audit records stay.')) return;
  const a = await api('DELETE', '/api/v1/exercises/' + encodeURIComponent(state.exercise.id));
  if (a.status !== 204) { $('status').replaceChildren(errorBox(a, 'Not discarded')); return; }
  if (state.stopListening) state.stopListening();
  state.exercise = null;
  history.replaceState(null, '', location.pathname);
  for (const id of ['opened', 'running', 'debrief', 'timeline', 'report', 'room-card']) $(id).hidden = true;
  $('timeline-empty').hidden = false;
  $('status').textContent = 'The exercise was discarded.';
  loadList();
}

// ---------- the timeline ----------

/** The OPEL chart, as the service draws it for the page and the reports alike, with its legend. */
async function drawChart(ex) {
  const el = await chartSvg(api, ex.id);
  if (!el) return;
  const legend = h('ul', { class: 'legend' }, [...el.querySelectorAll('path.series')].map(p =>
    h('li', {}, h('span', { class: 'swatch' + (p.classList.contains('system') ? ' system' : ''), style: 'background:' + p.getAttribute('stroke') }), p.dataset.series)));
  $('chart').replaceChildren(el, legend);
}

/** Runs the clock on from what the service last said; no request is made. */
function tick() {
  const ex = state.exercise;
  if (!ex) return;
  renderClock($('clock'), state.clock);
  const minutes = Math.floor(((ex.endedAt ? new Date(ex.endedAt).getTime() : Date.now()) - new Date(ex.createdAt).getTime()) / 60000);
  $('clock-real').textContent = 'Started ' + when(ex.createdAt) + ', ' + minutes + ' min of real time'
    + (ex.state === 'ended' ? ' (ended ' + when(ex.endedAt) + ')' : ' so far');
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

async function renderTimeline() {
  const ex = state.exercise;
  const live = ex.state !== 'ended';
  $('opened').hidden = false;
  $('running').hidden = !live;
  $('debrief').hidden = false;
  $('chooser').hidden = live;
  $('exercise-state').textContent = ex.state;
  $('room-card').hidden = false;
  $('join-code').textContent = ex.joinCode || '';
  renderRoom(ex);
  clockControls();
  tick();
  const applied = ex.steps.length;
  const scripted = ex.steps.filter(s => !s.inject).length;
  $('exercise-progress').textContent = applied + ' step(s) applied: ' + scripted + ' of ' + ex.scriptedSteps + ' scripted'
    + (ex.summary && ex.summary.injects ? ', ' + ex.summary.injects + ' inject(s)' : '') + '. Ruleset ' + ex.rulesetVersion + '.';
  $('next-step').disabled = ex.finished;
  $('next-hint').textContent = ex.finished ? 'The script has run out: type an inject to carry on, or open the report.' : '';
  $('timeline-empty').hidden = applied > 0;
  $('timeline').hidden = applied === 0;
  if (!applied) return;
  await drawChart(ex);
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
  $('discard').addEventListener('click', discard);
  $('lesson-add').addEventListener('click', addLesson);
  $('pick-metric').addEventListener('change', describeMetric);
  $('pick-send').addEventListener('click', sendPicked);
  $('list-state').addEventListener('change', loadList);
  window.addEventListener('hashchange', openFromAddress);
  window.addEventListener('winterroom:token', () => { if (state.loadFailed) location.reload(); });
  $('clock-start').addEventListener('click', () => setClock({ action: 'start', speed: Number($('clock-speed').value) }, 'The clock is running.'));
  $('clock-pause').addEventListener('click', () => setClock({ action: 'pause' }, 'The clock is paused.'));
  $('clock-resume').addEventListener('click', () => setClock({ action: 'resume' }, 'The clock is running again.'));
  $('clock-speed').addEventListener('change', () => setClock({ speed: Number($('clock-speed').value) }, 'The clock speed is set.'));
  setInterval(tick, 1000);
  await loadExercises();
  await Promise.all([loadList(), loadMetrics()]);
  await openFromAddress();
  document.body.dataset.ready = 'true';   // browser tests wait for this
}

init();
