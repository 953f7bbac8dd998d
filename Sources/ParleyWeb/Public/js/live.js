// Live updates of a plan. Browsers' EventSource cannot send an Authorization header, so the stream is
// read with fetch: SSE frames parsed here, reconnection with Last-Event-ID after a drop, with backoff.
// Callers the API does not let read the plan's whole event log (reps, managers below the plan's scope)
// get 403; for them the open screen is re-read every second instead, so it still updates within a second.
import { session, seg } from './api.js';

const POLL_MS = 1000;
const SILENCE_MS = 40000; // the server sends a keep-alive every 15 s; silence this long means a dead link
const MAX_BACKOFF_MS = 15000;

/** Parses SSE text into frames; returns [frames, rest] where rest is an incomplete frame. */
export function parseFrames(buffer) {
  const frames = [];
  const normalized = buffer.replace(/\r\n?/g, '\n');
  const parts = normalized.split('\n\n');
  const rest = parts.pop();
  for (const part of parts) {
    const frame = { id: null, event: 'message', data: [] };
    let meaningful = false;
    for (const line of part.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'data') frame.data.push(value);
      else continue;
      meaningful = true;
    }
    if (meaningful) frames.push({ ...frame, data: frame.data.join('\n') });
  }
  return [frames, rest];
}

/**
 * Follows plan `planId` until stop() is called. `onChange(events)` is called (debounced) when something
 * happened; `onStatus(status)` reports 'live' | 'polling' | 'reconnecting'. `stream: false` (callers the
 * contract does not let read the event log) polls from the start instead of asking for a certain 403.
 */
export function follow(planId, { onChange, onStatus = () => {}, stream = true }) {
  let stopped = false;
  let controller = null;
  let lastId = null;
  let backoff = 1000;
  let pending = [];
  let debounce = null;
  let pollTimer = null;
  let watchdog = null;

  const flush = () => {
    debounce = null;
    const events = pending;
    pending = [];
    if (!stopped) onChange(events);
  };
  const changed = (event) => {
    pending.push(event);
    if (!debounce) debounce = setTimeout(flush, 100);
  };

  const poll = () => {
    onStatus('polling');
    const tick = () => {
      if (stopped) return;
      if (!document.hidden) changed({ kind: 'poll' });
      pollTimer = setTimeout(tick, POLL_MS);
    };
    pollTimer = setTimeout(tick, POLL_MS);
  };

  const connect = async () => {
    if (stopped) return;
    const s = session();
    if (!s) return;
    controller = new AbortController();
    const headers = { Authorization: `Bearer ${s.token}`, Accept: 'text/event-stream' };
    if (lastId !== null) headers['Last-Event-ID'] = lastId;
    const resetWatchdog = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => controller?.abort(), SILENCE_MS);
    };
    try {
      const response = await fetch(`/v1/plans/${seg(planId)}/stream`, {
        headers, signal: controller.signal, cache: 'no-store', credentials: 'omit',
      });
      if (response.status === 403 || response.status === 404) {
        poll();
        return;
      }
      if (response.status === 401) {
        window.dispatchEvent(new CustomEvent('parley:signed-out', { detail: { expired: true } }));
        return;
      }
      if (!response.ok || !response.body) throw new Error(`stream ${response.status}`);
      onStatus('live');
      backoff = 1000;
      resetWatchdog();
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      // The backlog (the whole log on a first connect) arrives at once and costs one debounced re-read:
      // an event committed between the screen's read and the connection must not be missed.
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        resetWatchdog();
        buffer += decoder.decode(value, { stream: true });
        const [frames, rest] = parseFrames(buffer);
        buffer = rest;
        for (const frame of frames) {
          if (frame.id !== null) lastId = frame.id;
          let data = null;
          try { data = JSON.parse(frame.data); } catch { data = null; }
          changed({ kind: frame.event, seq: frame.id, data });
        }
      }
    } catch (error) {
      if (stopped) return;
    } finally {
      clearTimeout(watchdog);
    }
    if (stopped) return;
    onStatus('reconnecting');
    const wait = backoff + Math.floor(Math.random() * 250);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    // The resumed stream replays what was missed after Last-Event-ID.
    setTimeout(connect, wait);
  };

  if (stream) connect();
  else poll();
  return {
    stop() {
      stopped = true;
      clearTimeout(debounce);
      clearTimeout(pollTimer);
      clearTimeout(watchdog);
      controller?.abort();
    },
  };
}
