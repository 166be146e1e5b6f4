// The production's live events (SSE, API.md "Live events"). The stream only
// wakes the app; the server's lists stay the truth, so whoever uses this
// re-reads them on every (re)connect. The last event id is kept per production,
// so a phone that was off the Wi-Fi for an hour resumes where it left off.
import type { LiveEvent, LiveEventType } from '../contract/live.js';
import { readText, writeText } from './storage.js';

export type { LiveEvent } from '../contract/live.js';

/** The events this app acts on; `ready` is read for its sequence alone. */
const handled = ['stop.raised', 'stop.lifted', 'stop.acked', 'firearm.status', 'armory.hold', 'concern.escalated', 'concern.updated', 'alert'] as const satisfies readonly LiveEventType[];

export interface LiveHandlers {
  /** The stream is open: anything missed while closed must be read again now. */
  open(): void;
  closed(): void;
  event(event: LiveEvent): void;
}

/** The server's own retry hint; also how long a refused or dropped stream waits before it reopens. */
const reopenMs = 2_000;

const lastEventKey = (productionId: string) => `setbook.live.${productionId}`;

/**
 * Keeps one stream open for the production until the returned function is called.
 * Every reopen is a fresh EventSource carrying the last id this device saw as
 * `lastEventId`: the browser's own retry would resend only the id of its last
 * event, and none at all for a stream that has carried nothing but `ready`.
 */
export function connectLive(productionId: string, deviceId: string, handlers: LiveHandlers): () => void {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const remember = (id: string | number) => {
    if (/^\d+$/.test(String(id))) writeText(lastEventKey(productionId), String(id));
  };

  function open(): void {
    clearTimeout(timer);
    source?.close();
    const query = new URLSearchParams({ deviceId });
    const last = readText(lastEventKey(productionId));
    if (last && /^\d+$/.test(last)) query.set('lastEventId', last);
    const stream = new EventSource(`/api/productions/${encodeURIComponent(productionId)}/live?${query}`);
    source = stream;
    stream.onopen = () => handlers.open();
    stream.onerror = () => {
      stream.close();
      if (source !== stream) return;
      source = null;
      handlers.closed();
      timer = setTimeout(open, reopenMs);
    };
    stream.addEventListener('ready', (message) => {
      const { seq } = JSON.parse(message.data) as { seq: number };
      remember(seq);
    });
    for (const type of handled) {
      stream.addEventListener(type, (message) => {
        remember(message.lastEventId);
        handlers.event({ type, ...JSON.parse(message.data) } as LiveEvent);
      });
    }
  }

  // Back on the network, or back from a phone's pocket where the stream may have died quietly.
  const reopenNow = () => {
    if (document.visibilityState === 'visible') open();
  };
  window.addEventListener('online', reopenNow);
  document.addEventListener('visibilitychange', reopenNow);
  open();

  return () => {
    window.removeEventListener('online', reopenNow);
    document.removeEventListener('visibilitychange', reopenNow);
    clearTimeout(timer);
    source?.close();
    source = null;
  };
}
