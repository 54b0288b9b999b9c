// The "why" of a result item in words: the rule that produced it, its source, each fact it matched as a
// sentence, and the raw facts behind a toggle, in a modal dialog.
import { h, dayDate } from './common.js';
import { loadCatalogue, metric, metricName, metricValue, actionTitle, roleInFull } from './catalogue.js';

/** Audit entries with a produced fact that the predicate accepts, in firing order. */
export function entriesProducing(audit, predicate) {
  return (audit || []).filter(e => (e.produced || []).some(predicate));
}

const words = id => String(id || '').replaceAll('_', ' ').toLowerCase();
const num = v => typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v);
const said = (text, end = '.') => { const t = String(text || '').trim(); return t ? t.charAt(0).toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : end) : ''; };

/** "LTHT had 7 ambulance handovers over 60 minutes" for a count; "LTHT's A&E four-hour performance was 78.5%" otherwise. */
function measured(org, id, value, after = '') {
  const m = metric(id);
  return m && m.kind === 'count' ? org + ' had ' + metricValue(id, value) + ' ' + metricName(id) + after
    : org + "'s " + metricName(id) + ' was ' + metricValue(id, value) + after;
}

const KINDS = { opel: 'OPEL', cas: 'CAS' };

const COMPARISONS = [['at_or_above', 'at or above'], ['at_or_below', 'at or below'], ['at_least', 'at least'], ['at_most', 'at most'],
  ['more_than', 'more than'], ['less_than', 'less than'], ['below', 'below'], ['above', 'above'], ['from', 'from']];

/** The words of a policy value's subject: a catalogue metric by its name, else its parts spelt out. */
function subjectWords(subject) {
  if (metric(subject)) return metricName(subject);
  return words(subject.replace('.', '_of_')).replace(/\bae\b/g, 'A&E').replace(/\b4h\b/g, 'four-hour').replace(/\b12h\b/g, '12-hour')
    .replace(/\bopel\b/g, 'OPEL').replace(/\bgp\b/g, 'GP').replace(/\bltht\b/g, 'LTHT').replace(/\bdv\b/g, 'D&V').replace(/\bga\b/g, 'G&A')
    .replace(/\bmh\b/g, 'mental health').replace(/\bccb\b/g, 'community care bed').replace(/\bwic\b/g, 'walk-in centre')
    .replace(/\booh\b/g, 'out-of-hours').replace(/\bf2f\b/g, 'face-to-face').replace(/\bdtoc\b/g, 'delayed transfers')
    .replace(/\b(handovers? over \d+)$/, '$1 minutes');
}

/**
 * "The plan's limit is more than 5 handovers over 60 minutes" for T3.handovers_over_60_more_than = 5;
 * "The plan's limit for A&E four-hour performance is at or below 80%" when the subject is a share or a level.
 */
function policySentence(name, value) {
  const [, ...rest] = String(name).split('.');
  const key = rest.join('.');
  const cmp = COMPARISONS.find(([suffix]) => key.endsWith('_' + suffix));
  if (!rest.length || !cmp) return said("The plan's value for " + subjectWords(key || name) + ' is ' + num(value));
  const subject = key.slice(0, -cmp[0].length - 1);
  const percent = /_pct$/.test(subject) || (metric(subject) && metric(subject).unit === '%');
  const phrase = subjectWords(subject).replace(/ pct$/, '');
  return percent || cmp[0] === 'from' || /OPEL|hours|days?$|month/.test(phrase)
    ? said("The plan's limit for " + phrase + ' is ' + cmp[1] + ' ' + num(value) + (percent ? '%' : ''))
    : said("The plan's limit is " + cmp[1] + ' ' + num(value) + ' ' + phrase);
}

/** One fact as a sentence an on-call manager reads without knowing the engine. */
export function factSentence(f) {
  switch (f.type) {
    case 'Measure':
      return said(measured(f.org, f.metric, f.value, f.previousDay != null ? ' (' + metricValue(f.metric, f.previousDay) + ' the day before)' : ''));
    case 'PolicyValue': return policySentence(f.name, f.value);
    case 'Organisation': {
      const kind = words(f.organisationType);
      return said(f.code + ' takes part as ' + (/^[aeiou]/.test(kind) ? 'an ' : 'a ') + kind + ' organisation'
        + (f.reportedOpel != null ? ', reporting OPEL ' + f.reportedOpel : ', reporting no OPEL level'));
    }
    case 'OrgOpel': return said(f.org + ' is at OPEL ' + f.level + (f.reported != null ? ' (reported ' + f.reported + ')' : ''));
    case 'SystemOpel': return said('The system is at OPEL ' + f.level + (f.basis ? ' (' + f.basis + ')' : ''));
    case 'OpelDriver': return said(measured(f.org, f.metric, f.value) + ', which points to OPEL ' + f.level);
    case 'ExceptionTrigger': return said('Trigger ' + f.code + ' holds at ' + f.org + ': ' + f.detail);
    case 'ExceptionReportDuty': return said('An exception return is owed: ' + f.reason);
    case 'ReportingWindow': return said('The day is inside the exception-reporting window (' + f.reason + ')');
    case 'ReportRouting': return said(roleInFull(f.submitter) + ' submits the return, with acute input from ' + roleInFull(f.acuteLead));
    case 'Day': return said('The situation is on ' + dayDate(f.localDate)
      + (f.bankHoliday ? ', a bank holiday' : f.weekend ? ', a weekend' : ', a weekday'));
    case 'SignificantPressure': return said(f.org + ' is under significant pressure: ' + f.reason);
    case 'Event': return said(words(f.eventType) + (f.org ? ' at ' + f.org : ' across the system') + (f.description ? ': ' + f.description : ''));
    case 'Action': return said(f.org + ' ' + words(f.actionType) + (f.count != null ? ' (' + f.count + ')' : '')
      + (f.hoursBeforeSurgery != null ? ', ' + num(f.hoursBeforeSurgery) + ' hours before surgery' : '')
      + (f.service ? ': ' + f.service : '') + (f.affects ? ', affecting ' + f.affects : '') + (f.description ? ': ' + f.description : ''));
    case 'CatalogueAction': return said('The action catalogue offers "' + f.title + '" from ' + f.provider + ' to ' + f.recipient);
    case 'PrincipleBreach': return said('Principle ' + f.code + ' is breached at ' + f.org + ': ' + f.detail);
    case 'Recommendation': return said('Recommended: ' + actionTitle(f.action) + (f.org ? ' for ' + f.org : '') + ', because ' + f.reason);
    case 'Finding': return said((/^[aeiouAEIO]/.test(KINDS[f.kind] || f.kind) ? 'An ' : 'A ') + (KINDS[f.kind] || f.kind) + ' finding' + (f.fields && Object.keys(f.fields).length
      ? ': ' + Object.entries(f.fields).map(([k, v]) => words(k) + ' ' + (k === 'metric' ? metricName(v)
        : /^\d{4}-\d{2}-\d{2}$/.test(String(v)) ? String(v).split('-').reverse().join('/') : v)).join(', ') : ''));
    default: return said(words(f.type) + ': ' + Object.entries(f).filter(([k]) => k !== 'type')
      .map(([k, v]) => words(k) + ' ' + (typeof v === 'object' && v !== null ? JSON.stringify(v) : v)).join(', '));
  }
}

/** One fact as "Type  field=value, field=value": the raw form, behind the toggle. */
function factLine(fact) {
  const fields = Object.entries(fact).filter(([k]) => k !== 'type')
    .map(([k, v]) => k + '=' + (typeof v === 'object' && v !== null ? JSON.stringify(v) : v));
  return h('li', { class: 'fact' }, h('span', { class: 'type' }, fact.type), ' ', fields.join(', '));
}

function entryView(e) {
  return h('article', { class: 'audit-entry', 'aria-label': 'rule ' + (e.code || e.rule) },
    // the badge shows the code; a rule named after its code ("T3 ambulance handovers ...") is not made to say it twice
    h('h3', {}, e.code ? h('span', { class: 'badge code' }, e.code) : null, ' ',
      e.code && String(e.rule).startsWith(e.code + ' ') ? said(String(e.rule).slice(e.code.length + 1), '') : e.rule),
    h('p', { class: 'meta' }, e.source ? ['Source: ', h('span', { class: 'source' }, e.source), ' · '] : null,
      'rule file ', h('code', {}, e.file)),
    h('h4', {}, 'Because'),
    (e.matched || []).length ? h('ul', { class: 'because' }, e.matched.map(f => h('li', {}, factSentence(f))))
      : h('p', {}, 'The rule holds on every evaluation.'),
    h('h4', {}, 'So'),
    h('ul', { class: 'because produced-words' }, (e.produced || []).map(f => h('li', {}, factSentence(f)))),
    h('details', { class: 'raw-facts' }, h('summary', {}, 'Raw facts'),
      h('h4', {}, 'Matched facts'),
      h('ul', { class: 'items matched' }, (e.matched || []).map(factLine)),
      h('h4', {}, 'Produced'),
      h('ul', { class: 'items produced' }, (e.produced || []).map(factLine))));
}

let lastOpener = null;

/** Opens the dialog on the given entries; focus returns to the button that opened it on close. */
export function openWhy(title, entries, opener) {
  const dialog = document.getElementById('why-dialog');
  lastOpener = opener || document.activeElement;
  document.getElementById('why-title').textContent = 'Why: ' + title;
  const body = document.getElementById('why-body');
  body.replaceChildren(
    entries.length
      ? h('p', {}, entries.length === 1 ? 'One rule produced this.' : entries.length + ' rule firings produced this.')
      : h('p', {}, 'No rule firing in the audit trail produced this item.'),
    ...entries.map(entryView));
  if (!dialog.open) dialog.showModal();
  document.getElementById('why-close').focus();
}

export function initWhyDialog() {
  const dialog = document.getElementById('why-dialog');
  document.getElementById('why-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => { if (lastOpener) lastOpener.focus(); });
  // a click on the backdrop closes it too
  dialog.addEventListener('click', e => { if (e.target === dialog) dialog.close(); });
}

/**
 * A "Why?" button for an item; label names the item for screen readers. audit is the entries, or a function
 * that resolves to them (read from the audit reference on first use).
 */
export function whyButton(label, audit, predicate) {
  const button = h('button', { type: 'button', class: 'small why', 'aria-label': 'Why: ' + label }, 'Why?');
  button.addEventListener('click', async () => {
    const entries = typeof audit === 'function' ? await audit() : audit;
    await loadCatalogue();   // the sentences name metrics and actions in the catalogue's words
    openWhy(label, entriesProducing(entries, predicate), button);
  });
  return button;
}
