// The result of an evaluation as sections: OPEL badges, the exception return, breaches, recommendations and
// findings, each item with a "why" that opens its audit entries. Used by the Evaluate and Audit pages.
import { h, opelBadge } from './common.js';
import { whyButton } from './why.js';

const CATEGORY_NAMES = {
  COORDINATION: 'Coordination', REPORTING: 'Reporting', RECTIFICATION: 'Rectification', MUTUAL_AID: 'Mutual aid',
  DISCHARGE: 'Discharge', ESCALATION_PLAN: 'Provider escalation plan', STREAMING: 'Streaming and signposting',
  WORKFORCE: 'Workforce', COMMUNICATION: 'Communication', RISK_MITIGATION: 'Risk mitigation', CALENDAR: 'Calendar',
  DMT_SUSPENSION: 'Decision Management Tool: suspend', DMT_RECOVERY: 'Decision Management Tool: recover',
  DMT_REDEPLOYMENT: 'Decision Management Tool: redeploy',
};

const sameFact = (fact, type, fields) => fact.type === type && Object.entries(fields).every(([k, v]) => fact[k] === v);

function section(id, title, ...content) {
  return h('section', { class: 'card', id, 'aria-labelledby': id + '-h' }, h('h2', { id: id + '-h' }, title), ...content);
}

function summary(r) {
  const c = r.calendar;
  const date = new Date(c.localDate + 'T12:00:00Z').toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const kind = c.bankHoliday ? 'bank holiday' : c.weekend ? 'weekend' : 'weekday';
  return h('p', { class: 'facts-line', id: 'result-summary' },
    h('strong', {}, date), ' · ', kind, ' · ',
    c.reportingWindow ? 'inside the exception-reporting window' : 'outside the exception-reporting window',
    ' · ruleset ', h('code', {}, r.rulesetVersion), ' · evaluation ', h('a', { href: '/audit.html#' + r.id, title: 'open it in the audit trail' }, r.id.slice(0, 8)));
}

function opelSection(r) {
  const audit = r.audit;
  const rows = r.opel.organisations.map(o => h('tr', { 'data-org': o.org },
    h('th', { scope: 'row' }, o.org),
    h('td', {}, opelBadge(o.reported, o.org + ' reported')),
    h('td', {}, opelBadge(o.derived, o.org + ' derived from measures'),
      o.reported != null && o.derived != null && o.reported !== o.derived
        ? h('div', { class: 'mismatch' }, o.derived > o.reported ? 'measures imply higher' : 'measures imply lower') : null),
    h('td', {}, opelBadge(o.level, o.org + ' level used')),
    h('td', { class: 'drivers' }, o.drivers.length
      ? h('ul', { class: 'reasons' }, o.drivers.map(d => h('li', {}, d.metric + ' ' + d.value + ' → OPEL ' + d.level)))
      : h('span', { class: 'meta' }, 'no threshold crossed')),
    h('td', {}, whyButton('OPEL of ' + o.org, audit,
      f => sameFact(f, 'OrgOpel', { org: o.org }) || sameFact(f, 'OpelDriver', { org: o.org })))));
  return section('opel', 'OPEL levels',
    h('div', { class: 'headline' },
      h('div', {}, h('span', { class: 'badge-label' }, 'System OPEL'), opelBadge(r.opel.system, 'System', true)),
      r.opel.system != null ? whyButton('system OPEL', audit, f => f.type === 'SystemOpel') : null,
      h('p', { class: 'hint' }, 'Derived levels come from the policy-owned thresholds (illustrative defaults). The level used is what the rules act on.')),
    h('div', { class: 'table-wrap' }, h('table', { id: 'opel-table' },
      h('thead', {}, h('tr', {}, ['Organisation', 'Reported', 'Derived', 'Level', 'Drivers', ''].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))));
}

function exceptionSection(r) {
  const x = r.exceptionReport;
  const audit = r.audit;
  return section('exception', 'NHS England exception return',
    h('div', { class: 'headline' },
      h('span', { class: 'verdict ' + (x.required ? 'owed' : 'not-owed'), id: 'exception-verdict' }, x.required ? 'Return owed today' : 'No return owed'),
      x.required ? whyButton('exception return owed', audit,
        f => ['ExceptionReportDuty', 'ReportRouting', 'ReportingWindow'].includes(f.type)) : null),
    x.required || x.submitter ? h('p', {}, 'Submitted by ', h('strong', {}, x.submitter || 'not set'),
      x.acuteLead ? [' with acute input from ', h('strong', {}, x.acuteLead)] : null, '.') : null,
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
        whyButton('breach of ' + b.code + (b.org ? ' at ' + b.org : ''), r.audit,
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
          whyButton('recommendation ' + a.action, r.audit, f => sameFact(f, 'Recommendation', { action: a.action }))),
        h('div', { class: 'flow' }, a.provider || '?', ' → ', a.recipient || '?'),
        h('div', { class: 'meta' }, 'priority ' + a.priority,
          a.orgs.length ? ' · for ' + a.orgs.join(', ') : '',
          a.requiresPriorDiscussion ? ' · discuss with affected partners first (P10)' : '',
          a.recoveryTitle ? ' · paired recovery: ' + a.recoveryTitle : ''),
        h('ul', { class: 'reasons' }, a.reasons.map(t => h('li', {}, t))),
        a.source ? h('div', { class: 'meta' }, 'Source: ', a.source) : null))))));
}

function findingsSections(r) {
  return Object.keys(r).filter(k => k.endsWith('Findings') && Array.isArray(r[k])).map(k => {
    const kind = k.slice(0, -'Findings'.length);
    const columns = [...new Set(r[k].flatMap(f => Object.keys(f)))];
    return section('findings-' + kind, kind.charAt(0).toUpperCase() + kind.slice(1) + ' findings',
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col' }, c)), h('th', {}, ''))),
        h('tbody', {}, r[k].map(f => h('tr', {}, columns.map(c => h('td', {}, f[c] == null ? '' : String(f[c]))),
          h('td', {}, whyButton(kind + ' finding', r.audit,
            p => p.type === 'Finding' && p.kind === kind && JSON.stringify(p.fields) === JSON.stringify(f)))))))));
  });
}

/** Every section of a result, in reading order. */
export function resultSections(r) {
  return [summary(r), opelSection(r), exceptionSection(r), breachesSection(r), recommendationsSection(r), ...findingsSections(r)];
}
