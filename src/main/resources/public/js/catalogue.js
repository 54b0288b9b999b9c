// The catalogues (metrics, actions, organisations), read once per page, so results and "Why?" name things in words:
// a metric by its readable name, an action by its title, an organisation by its full name. Until they are read, or
// when they cannot be, every lookup falls back to the code itself.
import { api } from './common.js';

const known = { metrics: new Map(), actions: new Map(), organisations: new Map() };
let loading = null;

/** Reads the three catalogues (once); resolves when they are read or could not be. */
export function loadCatalogue() {
  if (!loading) {
    const read = (path, key, into) => api('GET', path).then(a => {
      if (a.status === 200 && Array.isArray(a.body)) for (const row of a.body) into.set(row[key], row);
    }, () => {});
    loading = Promise.all([read('/api/v1/catalogue/metrics', 'id', known.metrics),
      read('/api/v1/catalogue/actions', 'id', known.actions),
      read('/api/v1/catalogue/organisations', 'code', known.organisations)]);
  }
  return loading;
}

/** The catalogue row of a metric, or undefined. */
export function metric(id) { return known.metrics.get(id); }

/** "ambulance handovers over 60 minutes" for ambulance_handover_over_60_min. */
export function metricName(id) {
  const m = known.metrics.get(id);
  return m && m.name ? m.name : String(id ?? '').replaceAll('_', ' ');
}

/** A value in the metric's unit: "78.5%", "3 hours", "7". */
export function metricValue(id, value) {
  const m = known.metrics.get(id);
  const v = typeof value === 'number' ? String(Math.round(value * 100) / 100) : String(value);
  if (!m) return v;
  if (m.unit === '%') return v + '%';
  return m.kind === 'count' ? v : v + ' ' + m.unit;
}

/** The title of a catalogue action; the id when the catalogue does not know it. */
export function actionTitle(id) {
  const a = known.actions.get(id);
  return a && a.title ? a.title : String(id ?? '');
}

/** "Leeds Teaching Hospitals NHS Trust" for LTHT; the code when the catalogue does not know it. */
export function organisationName(code) {
  const o = known.organisations.get(code);
  return o && o.name ? o.name : String(code ?? '');
}

/** "NHS Leeds CCG, on-call manager" for "CCG on-call manager": a role led by an organisation code, the organisation in full. */
export function roleInFull(role) {
  const [code, ...rest] = String(role ?? '').split(' ');
  const name = organisationName(code);
  return name !== code && rest.length ? name + ', ' + rest.join(' ') : String(role ?? '');
}
