// Shared helpers of the pages: calling the API with the signed-in token, building DOM safely (text, never HTML),
// showing errors, and the header's version and sign-in control.

const TOKEN_KEY = 'winterroom.token';

/** The bearer token signed in for this tab (sessionStorage: gone when the tab closes), or null. */
export function token() {
  try { return sessionStorage.getItem(TOKEN_KEY); } catch { return null; }
}

function setToken(t) {
  if (t) sessionStorage.setItem(TOKEN_KEY, t); else sessionStorage.removeItem(TOKEN_KEY);
  window.dispatchEvent(new CustomEvent('winterroom:token'));
}

/**
 * Calls the API; resolves to {status, body} with body parsed as JSON when it is JSON (options.as 'text' or 'blob'
 * reads a successful answer as it is). Never throws for HTTP errors.
 */
export async function api(method, path, body, options = {}) {
  const init = { method, headers: { Accept: options.accept || 'application/json' } };
  const bearer = options.token !== undefined ? options.token : token();
  if (bearer) init.headers.Authorization = 'Bearer ' + bearer;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    return { status: 0, body: { error: 'the service could not be reached: ' + e.message } };
  }
  if (options.as === 'blob' && response.ok) return { status: response.status, body: await response.blob() };
  const text = await response.text();
  if (options.as === 'text' && response.ok) return { status: response.status, body: text };
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { error: text || response.statusText }; }
  return { status: response.status, body: parsed };
}

/** h('li', {class: 'x', onclick: f}, 'text', child...) builds an element; strings become text nodes. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// Dates read dd/mm/yyyy (en-GB) in England's time on every page.
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
const DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

/** "12/01/2019, 07:30" for an instant; '' for none. */
export function dateTime(t) { return t ? DATE_TIME.format(new Date(t)) : ''; }

/** "07:30" in England for an instant, with the date when it is not the day given (yyyy-mm-dd). */
export function timeOn(t, day) {
  if (!t) return '';
  const d = new Date(t);
  const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d);
  return local === day ? TIME.format(d) : dateTime(t);
}

/** "Saturday, 12/01/2019" for a local date (yyyy-mm-dd). */
export function dayDate(localDate) { return localDate ? DAY.format(new Date(localDate + 'T12:00:00Z')) : ''; }

/** An OPEL badge: level 1-4 coloured, or a grey dash when there is none; worded, it reads "OPEL 3" where a bare digit would not. */
export function opelBadge(level, label, big, worded) {
  const known = level !== null && level !== undefined;
  return h('span', {
    class: 'badge' + (known ? ' opel-' + level : '') + (big ? ' big' : ''),
    'aria-label': (label ? label + ': ' : '') + (known ? 'OPEL ' + level : 'no level'),
  }, known ? (worded ? 'OPEL ' : '') + level : '–');
}

const ROLE_NAMES = { VIEWER: 'viewer', ASSESSOR: 'assessor', POLICY_OWNER: 'policy owner', RULE_AUTHOR: 'rule author' };

/** A plain sentence for a 401 or 403 answer (who may do this, and how to sign in), or null for any other answer. */
export function accessMessage(answer) {
  const said = (answer.body && answer.body.error) || '';
  if (answer.status === 401) {
    return token()
      ? 'The service does not accept the token you signed in with. Sign out and sign in with a valid token.'
      : 'This needs a token: use "Sign in with a token" at the top of the page.';
  }
  if (answer.status === 403) {
    const m = /needs the (\w+) role; (.+) has (\w+)/.exec(said);
    if (!m) return 'Your token does not allow this.';
    const who = ROLE_NAMES[m[1]] || m[1];
    return 'This needs ' + (/^[aeiou]/.test(who) ? 'an ' : 'a ') + who + "'s token: you are signed in as "
      + m[2] + ' (' + (ROLE_NAMES[m[3]] || m[3]) + ').';
  }
  return null;
}

/** The API's error answer as a box: its message and each field that is wrong. */
export function errorBox(answer, heading) {
  const body = answer.body || {};
  const details = Array.isArray(body.details) ? body.details : [];
  const access = accessMessage(answer);
  return h('div', { class: 'error-box', role: 'alert', 'data-status': String(answer.status) },
    h('h3', {}, heading || 'Not evaluated'),
    access ? h('p', { class: 'access' }, access) : null,
    h('p', {}, body.error || ('the service answered ' + answer.status)),
    details.length ? h('ul', { class: 'error-details' },
      details.map(d => h('li', {}, d.field ? h('code', {}, d.field) : null, d.field ? ': ' : '', d.message))) : null);
}

/** Shows the active ruleset version in the header, so everyone can see which rules answer. */
export async function showVersion() {
  const slot = document.getElementById('ruleset-version');
  if (!slot) return;
  const a = await api('GET', '/health');
  if (a.status === 200) slot.textContent = 'ruleset ' + a.body.rulesetVersion;
}

/** The header of every page: the ruleset version and the sign-in control. */
export function initHeader() {
  showVersion();
  signInControl();
}

/**
 * "Sign in with a token": a small form in the header. The token is checked against /api/v1/me,
 * kept in sessionStorage and sent as a bearer token on every API call of every page.
 */
async function signInControl() {
  const header = document.querySelector('.site-header');
  if (!header || document.getElementById('signin')) return;
  const slot = h('div', { class: 'signin', id: 'signin' });
  header.append(slot);
  const who = await api('GET', '/api/v1/me');
  if (who.status === 200 && !who.body.tokensRequired) {
    slot.replaceChildren(h('span', { class: 'signed-in', id: 'signin-state' }, 'Local use: no token needed'));
    return;
  }
  if (who.status === 200) { signedIn(slot, who.body); return; }
  if (token()) setToken(null);   // a stored token the service no longer accepts
  signedOut(slot);
}

function signedIn(slot, caller) {
  slot.replaceChildren(
    h('span', { class: 'signed-in', id: 'signin-state' }, 'Signed in as ', h('strong', {}, caller.name),
      ' (' + (ROLE_NAMES[caller.role] || caller.role) + ')'),
    h('button', { type: 'button', class: 'small on-dark', id: 'signout', onclick: () => { setToken(null); signedOut(slot, true); } }, 'Sign out'));
}

function signedOut(slot, focus) {
  const form = h('form', { class: 'signin-form', id: 'signin-form', hidden: true },
    h('label', { for: 'token-input' }, 'Bearer token'),
    h('input', { type: 'password', id: 'token-input', autocomplete: 'off', spellcheck: 'false', required: true }),
    h('button', { type: 'submit', class: 'small on-dark' }, 'Sign in'),
    h('button', { type: 'button', class: 'small on-dark', onclick: () => { form.hidden = true; open.setAttribute('aria-expanded', 'false'); open.focus(); } }, 'Cancel'),
    h('p', { class: 'signin-error', id: 'signin-error', role: 'alert' }));
  const open = h('button', { type: 'button', class: 'small on-dark', id: 'signin-open', 'aria-expanded': 'false', 'aria-controls': 'signin-form',
    onclick: () => { form.hidden = false; open.setAttribute('aria-expanded', 'true'); form.querySelector('input').focus(); } }, 'Sign in with a token');
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const t = form.querySelector('input').value.trim();
    const err = form.querySelector('.signin-error');
    if (!t) { err.textContent = 'Paste your token first.'; return; }
    const a = await api('GET', '/api/v1/me', undefined, { token: t });
    if (a.status !== 200) {
      // a JWT from the organisation's provider is refused with a reason (expired, another audience...): say it
      const jwt = t.split('.').length === 3 && a.body && a.body.error;
      err.textContent = a.status === 401 && !jwt ? 'The service does not know that token.'
        : a.status === 401 ? 'The service does not accept that token: ' + a.body.error + '.'
        : (a.body && a.body.error) || 'Sign-in failed (' + a.status + ')';
      return;
    }
    setToken(t);
    signedIn(slot, a.body);
    slot.querySelector('#signout').focus();
  });
  slot.replaceChildren(h('span', { class: 'signed-in', id: 'signin-state' }, 'Not signed in'), open, form);
  if (focus) open.focus();
}

/** Makes a tablist keyboard-operable (arrow keys, Home, End) and switches panels. */
export function tabs(tablist, onChange) {
  const all = [...tablist.querySelectorAll('[role="tab"]')];
  const select = (tab, focus) => {
    for (const t of all) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
    }
    if (focus) tab.focus();
    if (onChange) onChange(tab.id);
  };
  all.forEach((t, i) => {
    t.addEventListener('click', () => select(t, false));
    t.addEventListener('keydown', e => {
      const n = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1 }[e.key];
      if (n === undefined) return;
      e.preventDefault();
      select(all[(n + all.length) % all.length], true);
    });
  });
  return { select: id => select(document.getElementById(id), false), selected: () => all.find(t => t.getAttribute('aria-selected') === 'true').id };
}
