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

// ---------- the exercise clock ----------

const CLOCK_TIME = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric',
  hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Europe/London' });

/**
 * The exercise clock as the service last told it ({state, speed, exerciseTime, serverTime, ...}), stamped with when
 * this page heard it. Between changes the page runs it on itself from that: it never asks the service again until
 * the live stream says the clock, or the exercise, changed.
 */
export function heardClock(reading) {
  return reading ? { ...reading, heard: performance.now() } : null;
}

/** The exercise time now, in milliseconds since the epoch: where it stood when heard, plus the time since at its speed. */
export function clockNow(clock) {
  const at = Date.parse(clock.exerciseTime);
  return clock.state === 'running' ? at + (performance.now() - clock.heard) * clock.speed : at;
}

/** "60×" as people say it: real time, an hour a minute, a day a minute. */
export function speedText(speed) {
  if (speed === 1) return 'real time';
  if (speed === 60) return '60× (an exercise hour a real minute)';
  if (speed === 1440) return '1440× (an exercise day a real minute)';
  return speed + '×';
}

/** Shows the clock in a box with #clock-time and #clock-state inside it (both pages draw the same one). */
export function renderClock(box, clock) {
  if (!box || !clock) return;
  box.dataset.state = clock.state;
  box.dataset.speed = String(clock.speed);
  box.querySelector('.clock-time').textContent = CLOCK_TIME.format(new Date(clockNow(clock)));
  const state = box.querySelector('.clock-state');
  state.textContent = clock.state === 'running' ? 'running, ' + speedText(clock.speed)
    : clock.state === 'paused' ? 'paused, ' + speedText(clock.speed)
    : clock.state === 'ended' ? 'stopped: the exercise has ended'
    : 'not started: it stands at the current step';
  state.className = 'badge clock-state ' + clock.state.replace(' ', '-');
}
