// Engine events pushed to the page: one stream per tab (GET /stream/events with the session's
// token, read with fetch so the token stays in a header), reconnecting every few seconds.
import { session } from './api.js';

const listeners = new Set();
const states = new Set();
let running = false;
let connected = false;

/** Calls listener(event) for every engine event the user may see; returns the unsubscribe function. */
export function onEngineEvent(listener) {
  listeners.add(listener);
  start();
  return () => listeners.delete(listener);
}

/** Calls listener(connected) whenever the stream connects or drops; returns the unsubscribe function. */
export function onStreamState(listener) {
  states.add(listener);
  listener(connected);
  start();
  return () => states.delete(listener);
}

function setConnected(value) {
  connected = value;
  states.forEach((l) => l(value));
}

async function start() {
  if (running) {
    return;
  }
  running = true;
  window.ovmLiveEvents = window.ovmLiveEvents || 0;
  while (session()) {
    try {
      const response = await fetch('/stream/events', { headers: { Authorization: `Bearer ${session().token}` } });
      if (!response.ok) {
        throw new Error(`stream: ${response.status}`);
      }
      setConnected(true);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (data) {
            window.ovmLiveEvents += 1;
            const event = JSON.parse(data);
            listeners.forEach((l) => l(event));
          }
        }
      }
    } catch {
      // dropped or refused: try again shortly
    }
    setConnected(false);
    await new Promise((r) => setTimeout(r, 3000));
  }
  running = false;
}
