// The room page, a participant's or an observer's view of a live exercise (a phone or a laptop): join with the
// facilitator's code, then see the current step, your organisation's levels and the recommendations that concern
// it, and record its decisions. It updates itself the moment a step, an inject or a decision lands.
import { api, h, errorBox, initHeader, dateTime } from './common.js';
import { listen, heardClock, renderClock } from './live.js';

const $ = id => document.getElementById(id);
const id = decodeURIComponent(location.hash.slice(1));
const KEY = 'winterroom.participant.' + id;
const state = { me: null, exercise: null, clock: null };
// dd/mm/yyyy, HH:mm in England's time, as on every other page
const when = t => dateTime(t);

function saved() {
  try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; }
}

async function join() {
  const body = { code: $('join-code').value.trim(), name: $('join-name').value.trim() };
  if ($('join-org').value.trim()) body.org = $('join-org').value.trim().toUpperCase();
  if ($('join-observer').checked) body.role = 'observer';
  const a = await api('POST', '/api/v1/exercises/' + encodeURIComponent(id) + '/participants', body, { token: null });
  if (a.status !== 201) { $('status').replaceChildren(errorBox(a, 'Not joined')); return; }
  sessionStorage.setItem(KEY, JSON.stringify(a.body));
  $('status').textContent = '';
  await enter(a.body);
}

async function enter(me) {
  state.me = me;
  $('join').hidden = true;
  $('room').hidden = false;
  $('decide').hidden = me.role === 'observer';
  $('whoami').textContent = me.name + (me.org ? ' for ' + me.org : '') + (me.role === 'observer' ? ' (observing)' : '');
  listen(id, change => (change && change.what === 'clock' ? readClock() : refresh()), { token: me.token });
  await refresh();
}

/** Reads the clock alone when the facilitator changed it; between changes it runs on here (see tick). */
async function readClock() {
  const a = await api('GET', '/api/v1/exercises/' + encodeURIComponent(id) + '/clock', undefined, { token: state.me.token });
  if (a.status !== 200) return;
  state.clock = heardClock(a.body);
  tick();
}

function tick() { renderClock($('clock'), state.clock); }

async function refresh() {
  const a = await api('GET', '/api/v1/exercises/' + encodeURIComponent(id) + '?audit=false', undefined, { token: state.me.token });
  if (a.status !== 200) { $('status').replaceChildren(errorBox(a, 'The exercise could not be read')); return; }
  state.exercise = a.body;
  state.clock = heardClock(a.body.clock);
  render();
}

function render() {
  const ex = state.exercise;
  const me = state.me;
  $('room-title').textContent = ex.name + (ex.state === 'ended' ? ' (ended)' : '');
  const step = ex.steps[ex.steps.length - 1];
  tick();
  $('current').dataset.steps = String(ex.steps.length);
  if (step) {
    $('step-title').textContent = 'Step ' + step.index + (step.label ? ': ' + step.label : '');
    $('step-narrative').textContent = step.narrative || '';
    const levels = step.result.opel.organisations.filter(o => !me.org || o.org === me.org);
    // an organisation that reports no level and has no measures to derive one is said to have none, not "OPEL -"
    const level = (name, l) => l == null ? name + ': no OPEL level' : name + ' OPEL ' + l;
    $('org-levels').textContent = [level('System', step.result.opel.system), ...levels.map(o => level(o.org, o.level))].join('; ');
    const mine = step.result.recommendations.filter(r => !me.org || !r.orgs || !r.orgs.length || r.orgs.includes(me.org));
    // actions by their titles; the id is on hover
    $('my-recommendations').replaceChildren(...(mine.length ? mine.map(r => h('li', { 'data-action': r.action, title: r.action },
      r.title || r.action, r.decideBy ? h('span', { class: 'hint' }, ' (decide by ' + when(r.decideBy) + ')') : null))
      : [h('li', {}, 'None at this step.')]));
    $('decision-answers').replaceChildren(h('option', { value: '' }, 'no recommendation in particular'),
      ...mine.map(r => h('option', { value: r.action, title: r.action }, r.title || r.action)));
  }
  $('room-decisions').replaceChildren(...(ex.decisions || []).map(d => h('li', {},
    h('strong', {}, d.org + ': '), d.text, h('span', { class: 'hint' }, ' (' + d.by + ', exercise time ' + when(d.exerciseTime || d.asOf || d.recordedAt)
      + ', recorded ' + when(d.recordedAt) + (d.action ? ', ' + d.action.type : '') + ')'))));
  $('decision-send').disabled = ex.state === 'ended';
}

async function decide() {
  const body = { org: state.me.org, text: $('decision-text').value };
  const type = $('decision-action').value;
  if (type) {
    const action = { type };
    const service = $('decision-service').value.trim();
    const other = $('decision-other').value.trim().toUpperCase();
    if (service) action.service = service;
    if (type === 'SUSPEND_SERVICE') action.recoveryPlanned = $('decision-recovery').checked;
    if (type === 'AGREE_DE_ESCALATION') action.of = other;
    if (type === 'CROSS_ORG_ACTION' && other) action.affects = other;
    if (type === 'CROSS_ORG_ACTION') action.description = body.text;
    body.action = action;
  }
  if ($('decision-answers').value) body.answers = $('decision-answers').value;
  const a = await api('POST', '/api/v1/exercises/' + encodeURIComponent(id) + '/decisions', body, { token: state.me.token });
  if (a.status !== 201) { $('status').replaceChildren(errorBox(a, 'The decision was not recorded')); return; }
  $('decision-text').value = '';
  $('status').textContent = 'Decision recorded at ' + when(a.body.recordedAt)
    + (a.body.exerciseTime ? ' (exercise time ' + when(a.body.exerciseTime) + ')' : '') + '.';
  await refresh();
}

async function init() {
  initHeader();
  $('join-button').addEventListener('click', join);
  $('decision-send').addEventListener('click', decide);
  setInterval(tick, 1000);
  if (!id) {
    $('status').textContent = 'Open the link the facilitator shares (it ends with #exercise-id).';
  } else {
    const me = saved();
    if (me) await enter(me); else $('join').hidden = false;
  }
  document.body.dataset.ready = 'true';   // browser tests wait for this
}

init();
