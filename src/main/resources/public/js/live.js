// Live updates of an exercise: reads the Server-Sent Events stream with fetch (so the bearer token travels in a
// header, never in the address) and calls onChange for every change. Reconnects after a dropped connection.
import { token } from './common.js';

/** Listens to /api/v1/exercises/{id}/events; returns a function that stops listening. */
export function listen(id, onChange, options = {}) {
  let stopped = false;
  let controller = null;
  async function connect() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers = { Accept: 'text/event-stream' };
        const bearer = options.token !== undefined ? options.token : token();
        if (bearer) headers.Authorization = 'Bearer ' + bearer;
        const response = await fetch('/api/v1/exercises/' + encodeURIComponent(id) + '/events', { headers, signal: controller.signal });
        if (!response.ok || !response.body) throw new Error('status ' + response.status);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message', data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data += line.slice(5).trim();
            }
            if (event === 'ready' && options.onReady) options.onReady();
            if (event === 'change') { try { onChange(JSON.parse(data)); } catch { onChange({}); } }
            if (event === 'gone') { stopped = true; return; }
          }
        }
      } catch (e) {
        if (stopped) return;
      }
      if (!stopped) await new Promise(r => setTimeout(r, 1000));
    }
  }
  connect();
  return () => { stopped = true; if (controller) controller.abort(); };
}

/** The OPEL chart as the service draws it (one drawing for the page and the reports), ready to insert. */
export async function chartSvg(api, id, bearer) {
  const a = await api('GET', '/api/v1/exercises/' + encodeURIComponent(id) + '/chart.svg', undefined, { as: 'text', token: bearer });
  if (a.status !== 200) return null;
  const doc = new DOMParser().parseFromString(a.body, 'image/svg+xml');
  const svgEl = doc.documentElement;
  if (svgEl.nodeName !== 'svg') return null;
  svgEl.removeAttribute('width');
  svgEl.removeAttribute('height');
  return document.importNode(svgEl, true);
}
