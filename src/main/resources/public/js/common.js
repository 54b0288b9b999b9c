// Shared helpers of the pages: calling the API, building DOM safely (text, never HTML), showing errors.

/** Calls the API; resolves to {status, body} with body parsed as JSON when it is JSON. Never throws for HTTP errors. */
export async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
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
  const text = await response.text();
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

/** An OPEL badge: level 1-4 coloured, or a grey dash when there is none. */
export function opelBadge(level, label, big) {
  const known = level !== null && level !== undefined;
  return h('span', {
    class: 'badge' + (known ? ' opel-' + level : '') + (big ? ' big' : ''),
    'aria-label': (label ? label + ': ' : '') + (known ? 'OPEL ' + level : 'no level'),
  }, known ? String(level) : '–');
}

/** The API's error answer as a box: its message and each field that is wrong. */
export function errorBox(answer, heading) {
  const body = answer.body || {};
  const details = Array.isArray(body.details) ? body.details : [];
  return h('div', { class: 'error-box', role: 'alert' },
    h('h3', {}, heading || 'Not evaluated'),
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
