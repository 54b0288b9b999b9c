// The result of an evaluation as sections: the "Do now" card, OPEL badges, the exception return, breaches, the
// action plan and findings, each item with a "why" that opens its audit entries. Used by the Evaluate and Audit pages.
import { api, h, opelBadge, dayDate, timeOn } from './common.js';
import { whyButton } from './why.js';
import { metricName, metricValue, roleInFull } from './catalogue.js';

/**
 * The audit entries of a result: inline when the answer carries them, else read once from its audit
 * reference (the default answer leaves them out).
 */
function auditOf(r) {
  let read = null;
  return () => {
    if (Array.isArray(r.audit)) return Promise.resolve(r.audit);
    if (!read) {
      const url = r.auditUrl || ('/api/v1/evaluations/' + encodeURIComponent(r.id) + '?include=audit');
      read = api('GET', url).then(a => {
        if (a.status !== 200 || !a.body) return [];
        return Array.isArray(a.body) ? a.body : a.body.audit || a.body.entries || [];
      });
    }
    return read;
  };
}

const CATEGORY_NAMES = {
  COORDINATION: 'Coordination', REPORTING: 'Reporting', RECTIFICATION: 'Rectification', MUTUAL_AID: 'Mutual aid',
  DISCHARGE: 'Discharge', ESCALATION_PLAN: 'Provider escalation plan', STREAMING: 'Streaming and signposting',
  WORKFORCE: 'Workforce', COMMUNICATION: 'Communication', RISK_MITIGATION: 'Risk mitigation', CALENDAR: 'Calendar',
  DMT_SUSPENSION: 'Decision Management Tool: suspend', DMT_RECOVERY: 'Decision Management Tool: recover',
  DMT_REDEPLOYMENT: 'Decision Management Tool: redeploy',
};

/** A metric by its catalogue name, its id on hover; the name does not break mid-word. */
const metricLabel = id => h('span', { class: 'metric-name', title: id }, metricName(id));

/** "31/03/2020" for an ISO date (yyyy-mm-dd); anything else as it is. */
const isoDay = v => /^\d{4}-\d{2}-\d{2}$/.test(v) ? v.slice(8, 10) + '/' + v.slice(5, 7) + '/' + v.slice(0, 4) : v;

/** Headings of finding kinds: acronyms in capitals. */
const KIND_NAMES = { opel: 'OPEL', cas: 'CAS', d2a: 'D2A', ep: 'Escalation plan' };

const sameFact = (fact, type, fields) => fact.type === type && Object.entries(fields).every(([k, v]) => fact[k] === v);

function section(id, title, ...content) {
  return h('section', { class: 'card', id, 'aria-labelledby': id + '-h' }, h('h2', { id: id + '-h' }, title), ...content);
}

function summary(r) {
  const c = r.calendar;
  const date = dayDate(c.localDate);
  const kind = c.bankHoliday ? 'bank holiday' : c.weekend ? 'weekend' : 'weekday';
  return h('p', { class: 'facts-line', id: 'result-summary' },
    h('strong', {}, date), ' · ', kind, ' · ',
    c.reportingWindow ? 'inside the exception-reporting window' : 'outside the exception-reporting window',
    ' · ruleset ', h('code', {}, r.rulesetVersion), ' · evaluation ', h('a', { href: '/audit.html#' + r.id, title: 'open it in the audit trail' }, r.id.slice(0, 8)));
}

/** What would take an organisation's measures to the next level: the smallest single-parameter rise. */
function nextLevelText(n) {
  const m = n.moves.find(x => x.toBand != null);
  return 'OPEL ' + n.level + ' from score ' + n.scoreFrom + ': '
    + (m ? metricName(m.metric) + ' ' + (m.toValue != null ? m.direction + ' ' + metricValue(m.metric, m.toValue) + ' (band ' + m.toBand + ')' : 'to band ' + m.toBand)
         : 'no single parameter on its own');
}

function opelSection(r) {
  const audit = r.auditSource;
  const rows = r.opel.organisations.map(o => h('tr', { 'data-org': o.org },
    h('th', { scope: 'row' }, o.org),
    h('td', {}, opelBadge(o.reported, o.org + ' reported')),
    h('td', {}, opelBadge(o.derived, o.org + ' derived from measures'),
      o.reported != null && o.derived != null && o.reported !== o.derived
        ? h('div', { class: 'mismatch' }, o.derived > o.reported ? 'measures suggest higher' : 'measures suggest lower') : null,
      o.score != null ? h('div', { class: 'meta' }, 'score ' + o.score.toFixed(2)) : null,
      o.nextLevel ? h('div', { class: 'meta next-level' }, nextLevelText(o.nextLevel)) : null),
    h('td', {}, opelBadge(o.level, o.org + ' level used'),
      o.levelSource ? h('div', { class: 'meta' }, o.levelSource) : null),
    h('td', { class: 'drivers' }, o.drivers.length
      ? h('ul', { class: 'reasons' }, o.drivers.map(d => h('li', {}, metricLabel(d.metric), ' ' + metricValue(d.metric, d.value) + ' → band ' + d.level)))
      : h('span', { class: 'meta' }, o.parameters && o.parameters.length ? 'every parameter in band 1' : 'no OPEL parameter measured')),
    h('td', {}, whyButton('OPEL of ' + o.org, audit,
      f => sameFact(f, 'OrgOpel', { org: o.org }) || sameFact(f, 'OpelDriver', { org: o.org })))));
  return section('opel', 'OPEL levels',
    h('div', { class: 'headline' },
      h('div', {}, h('span', { class: 'badge-label' }, 'System OPEL'), opelBadge(r.opel.system, 'System', true)),
      r.opel.system != null ? whyButton('system OPEL', audit, f => f.type === 'SystemOpel') : null,
      r.opel.systemBasis ? h('p', { class: 'meta', id: 'system-basis' }, r.opel.systemBasis) : null,
      h('p', { class: 'hint' }, 'The level an organisation reports is the level used; its measures give a derived level from the policy-owned parameter bands (illustrative defaults), used only when nothing is reported.')),
    h('div', { class: 'table-wrap' }, h('table', { id: 'opel-table' },
      h('thead', {}, h('tr', {}, ['Organisation', 'Reported', 'Derived', 'Level used', 'Parameters above band 1', ''].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))));
}

function exceptionSection(r) {
  const x = r.exceptionReport;
  const audit = r.auditSource;
  // the plan's return item names who submits and who gives acute input in full, as the "Do now" card does
  const ret = (r.actionPlan || []).find(i => i.action === 'EXCEPTION_RETURN');
  const submitter = ret && ret.owner ? ret.owner : x.submitter && roleInFull(x.submitter);
  const acuteLead = ret && ret.acuteInput ? ret.acuteInput : x.acuteLead && roleInFull(x.acuteLead);
  return section('exception', 'NHS England exception return',
    h('div', { class: 'headline' },
      h('span', { class: 'verdict ' + (x.required ? 'owed' : 'not-owed'), id: 'exception-verdict' }, x.required ? 'Return owed today' : 'No return owed'),
      x.required ? whyButton('exception return owed', audit,
        f => ['ExceptionReportDuty', 'ReportRouting', 'ReportingWindow'].includes(f.type)) : null),
    x.required || submitter ? h('p', { id: 'exception-routing' }, 'Submitted by ', h('strong', {}, submitter || 'not set'),
      acuteLead ? [' with acute input from ', h('strong', {}, acuteLead)] : null, '.') : null,
    x.triggers.length ? h('ul', { class: 'items', id: 'triggers' }, x.triggers.map(t => h('li', {},
      h('div', { class: 'item-head' }, h('span', { class: 'badge code' }, t.code), t.org ? h('strong', {}, t.org) : null, h('span', {}, t.detail),
        whyButton('trigger ' + t.code + (t.org ? ' at ' + t.org : ''), audit,
          f => sameFact(f, 'ExceptionTrigger', { code: t.code, org: t.org, detail: t.detail }))))))
      : h('p', {}, 'No exception trigger holds.'),
    x.skippedChecks.length ? [h('h3', {}, 'Checks that could not be made'),
      h('ul', { class: 'reasons' }, x.skippedChecks.map(s => h('li', {}, s.code + (s.org ? ' at ' + s.org : '') + ': ' + s.reason)))] : null);
}

function breachesSection(r) {
  return section('breaches', 'Escalation principles breached',
    r.principleBreaches.length ? h('ul', { class: 'items' }, r.principleBreaches.map(b => h('li', {},
      h('div', { class: 'item-head' }, h('span', { class: 'badge code' }, b.code), h('span', { class: 'item-title' }, b.title || b.code),
        b.org ? h('strong', {}, b.org) : null,
        whyButton('breach of ' + b.code + (b.org ? ' at ' + b.org : ''), r.auditSource,
          f => sameFact(f, 'PrincipleBreach', { code: b.code, org: b.org, detail: b.detail }))),
      b.detail ? h('div', {}, b.detail) : null)))
      : h('p', {}, 'No principle is breached.'));
}

function recommendationsSection(r) {
  if (!r.recommendations.length) return section('recommendations', 'Recommended actions', h('p', {}, 'No action is recommended.'));
  const groups = new Map();
  for (const a of r.recommendations) {
    if (!groups.has(a.category)) groups.set(a.category, []);
    groups.get(a.category).push(a);
  }
  return section('recommendations', 'Recommended actions',
    [...groups.entries()].map(([category, actions]) => h('div', { class: 'category', 'data-category': category },
      h('h3', {}, CATEGORY_NAMES[category] || category.replaceAll('_', ' ').toLowerCase(), ' ', h('span', { class: 'meta' }, '(' + actions.length + ')')),
      h('ul', { class: 'items' }, actions.map(a => h('li', { 'data-action': a.action },
        h('div', { class: 'item-head' },
          h('span', { class: 'item-title' }, a.title),
          whyButton('recommendation ' + a.action, r.auditSource, f => sameFact(f, 'Recommendation', { action: a.action }))),
        h('div', { class: 'flow' }, a.provider || '?', ' → ', a.recipient || '?'),
        h('div', { class: 'meta' }, 'priority ' + a.priority,
          a.orgs.length ? ' · for ' + a.orgs.join(', ') : '',
          a.requiresPriorDiscussion ? ' · discuss with affected partners first (P10)' : '',
          a.recoveryTitle ? ' · paired recovery: ' + a.recoveryTitle : ''),
        h('ul', { class: 'reasons' }, a.reasons.map(t => h('li', {}, t))),
        a.source ? h('div', { class: 'meta' }, 'Source: ', a.source) : null))))));
}

function findingsSections(r) {
  // a kind with no finding today is left out rather than shown as an empty card
  return Object.keys(r).filter(k => k.endsWith('Findings') && Array.isArray(r[k]) && r[k].length).map(k => {
    const kind = k.slice(0, -'Findings'.length);
    const columns = [...new Set(r[k].flatMap(f => Object.keys(f)))];
    return section('findings-' + kind, (KIND_NAMES[kind] || kind.charAt(0).toUpperCase() + kind.slice(1)) + ' findings',
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col' }, c)), h('th', {}, ''))),
        h('tbody', {}, r[k].map(f => h('tr', {}, columns.map(c => h('td', {}, f[c] == null ? ''
          : c === 'metric' ? metricLabel(f[c]) : isoDay(String(f[c])))),
          h('td', {}, whyButton(kind + ' finding', r.auditSource,
            p => p.type === 'Finding' && p.kind === kind && JSON.stringify(p.fields) === JSON.stringify(f)))))))));
  });
}

/** "NHS Leeds CCG, on-call manager · by 09:30": who acts on a plan item and by when. */
function ownerLine(item, day) {
  return [h('span', { class: 'owner' }, item.owner || 'owner not named'),
    item.decideBy ? [' · ', h('span', { class: 'deadline' }, 'by ' + timeOn(item.decideBy, day))] : null];
}

/** How many plan items the card lists after the return: enough to act on, few enough to fit a laptop screen. */
const DO_NOW_ITEMS = 4;

/** The card at the top: the return owed (who submits, who gives the acute input, by when) and the first steps. */
function doNowCard(r, onCopy) {
  const plan = r.actionPlan || [];
  const day = r.calendar.localDate;
  const ret = plan.find(i => i.action === 'EXCEPTION_RETURN');
  const rest = plan.filter(i => i !== ret);
  const shown = rest.slice(0, DO_NOW_ITEMS);
  const copy = h('button', { type: 'button', class: 'small', id: 'copy-summary' }, 'Copy summary');
  const copied = h('span', { class: 'meta', id: 'copy-status', role: 'status' });
  copy.addEventListener('click', () => onCopy(r, copied));
  const x = r.exceptionReport;
  return h('section', { class: 'card do-now', id: 'do-now', 'aria-labelledby': 'do-now-h' },
    h('div', { class: 'do-now-head' },
      h('h2', { id: 'do-now-h' }, 'Do now'),
      h('span', { class: 'meta' }, dayDate(day), ' · system ', opelBadge(r.opel.system, 'System', false, true)),
      h('span', { class: 'do-now-copy' }, copied, copy)),
    h('div', { class: 'return ' + (x.required ? 'owed' : 'not-owed'), id: 'do-now-return' },
      x.required
        ? [h('strong', {}, 'Exception return owed (' + [...new Set(x.triggers.map(t => t.code))].join(', ') + ')'),
          h('div', {}, 'Submits: ', h('span', { class: 'owner' }, ret ? ret.owner : x.submitter)),
          h('div', {}, 'Acute input: ', h('span', { class: 'owner' }, ret && ret.acuteInput ? ret.acuteInput : x.acuteLead)),
          h('div', {}, 'By: ', h('span', { class: 'deadline' }, ret && ret.decideBy ? timeOn(ret.decideBy, day) : 'today'))]
        : h('strong', {}, 'No exception return owed today')),
    shown.length ? h('ol', { class: 'do-now-list', id: 'do-now-list' }, shown.map(i => h('li', { 'data-action': i.action },
      h('span', { class: 'item-title' }, i.title), h('div', { class: 'meta' }, ownerLine(i, day)))))
      : h('p', {}, 'No other action is recommended.'),
    rest.length > shown.length ? h('p', { class: 'meta' }, h('a', { href: '#plan' }, (rest.length - shown.length) + ' more in the action plan below')) : null);
}

/** Every plan item with its owner, recipient, deadline, one-sentence reason and the partners to agree it with. */
function planSection(r) {
  const plan = r.actionPlan || [];
  const day = r.calendar.localDate;
  if (!plan.length) return section('plan', 'Action plan', h('p', {}, 'No action is recommended.'));
  return section('plan', 'Action plan, most urgent first',
    h('ol', { class: 'items plan' }, plan.map(i => h('li', { 'data-action': i.action },
      h('div', { class: 'item-head' },
        h('span', { class: 'item-title' }, i.title),
        whyButton('action ' + i.title, r.auditSource, f => sameFact(f, 'Recommendation', { action: i.action })
          || (i.action === 'EXCEPTION_RETURN' && ['ExceptionReportDuty', 'ReportRouting'].includes(f.type)))),
      h('div', { class: 'flow' }, ownerLine(i, day), i.for ? [' · for ', i.for] : null),
      i.acuteInput ? h('div', {}, 'Acute input: ', i.acuteInput) : null,
      h('p', { class: 'reason' }, i.reason),
      i.discussWith && i.discussWith.length ? h('div', { class: 'meta' }, 'Agree first with ' + i.discussWith.join('; ') + ' (P10)') : null,
      i.riskAccepted ? h('div', { class: 'meta' }, 'Risk accepted (P14): ' + i.riskAccepted) : null,
      i.impact ? h('div', { class: 'meta impact' },
        i.impact.provider ? ['Provider: ', i.impact.provider] : null, i.impact.provider && i.impact.recipient ? ' · ' : null,
        i.impact.recipient ? ['Recipient: ', i.impact.recipient] : null) : null))));
}

/**
 * Every section of a result, in reading order: the "Do now" card first when the result has a plan (an evaluation
 * kept before plans existed shows its recommendations instead). onCopy(result, statusElement) copies its summary.
 */
export function resultSections(r, onCopy) {
  r.auditSource = auditOf(r);
  const hasPlan = Array.isArray(r.actionPlan);
  return [hasPlan && onCopy ? doNowCard(r, onCopy) : null, summary(r), opelSection(r), exceptionSection(r), breachesSection(r),
    hasPlan ? planSection(r) : recommendationsSection(r), ...findingsSections(r)].filter(Boolean);
}

/** Copies the plain-text summary of a kept evaluation to the clipboard (falling back to selecting it). */
export async function copySummary(r, status) {
  const a = await api('GET', '/api/v1/evaluations/' + encodeURIComponent(r.id), undefined, { as: 'text', accept: 'text/plain' });
  if (a.status !== 200) { status.textContent = 'The summary could not be read.'; return; }
  try {
    await navigator.clipboard.writeText(a.body);
    status.textContent = 'Summary copied.';
  } catch {
    // no clipboard permission (plain http, say): show it selected for Ctrl+C
    const box = h('textarea', { class: 'summary-text', rows: 12, 'aria-label': 'Summary to copy', readonly: true }, a.body);
    status.replaceChildren('Press Ctrl+C to copy:', box);
    box.select();
  }
  status.dataset.summary = a.body;
}
