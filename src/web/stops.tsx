// The production's stops as this device knows them (S1): read from the server
// on every (re)connect of the live stream, kept current by its events, and
// which of them this device has acknowledged. Also raises a stop, through the
// outbox, so that pressing STOP never depends on the network.
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { api, type Production, type RaiseStopBody, type Stop } from './api.js';
import { deviceId } from './device.js';
import { connectLive, type LiveEvent } from './live.js';
import { useOutbox } from './outbox.js';
import { useSession } from './session.js';
import { readJson, writeJson } from './storage.js';

type ProductionFacts = Pick<Production, 'name' | 'timezone' | 'setCode'>;

/** What screens hear besides the list: every live event, and `open` when the stream (re)connects. */
export type StopsSignal = LiveEvent | { type: 'open' };

interface StopsValue {
  productionId: string;
  /** kept from the last visit, so an offline start still knows the name and the set code */
  production: ProductionFacts | null;
  /** active stops newest first, then recently lifted ones */
  stops: readonly Stop[];
  /** the server's list has been read at least once */
  loaded: boolean;
  /** the live stream is open right now; null until the first attempt has ended */
  connected: boolean | null;
  /** stops this device has acknowledged */
  acked: ReadonlySet<string>;
  raise(body: RaiseStopBody): void;
  acknowledge(stopId: string): void;
  listen(listener: (signal: StopsSignal) => void): () => void;
}

const StopsContext = createContext<StopsValue | null>(null);

const factsKey = (productionId: string) => `setbook.production.${productionId}`;
const ackedKey = (productionId: string) => `setbook.acked.${productionId}`;

/** A stop is lifted once and for all: a replayed or late "raised" never makes it active again. */
function upsert(stops: readonly Stop[], stop: Stop): readonly Stop[] {
  const known = stops.find((s) => s.id === stop.id);
  if (known?.status === 'lifted') return stops;
  return [stop, ...stops.filter((s) => s.id !== stop.id)];
}

function applyEvent(stops: readonly Stop[], event: LiveEvent): readonly Stop[] {
  return event.type === 'stop.raised' || event.type === 'stop.lifted' ? upsert(stops, event.stop) : stops;
}

type Action = { type: 'snapshot'; stops: Stop[]; after: LiveEvent[] } | { type: 'event'; event: LiveEvent };

function reduce(stops: readonly Stop[], action: Action): readonly Stop[] {
  if (action.type === 'event') return applyEvent(stops, action.event);
  return action.after.reduce(applyEvent, action.stops);
}

function newestFirst(a: Stop, b: Stop): number {
  const at = (s: Stop) => (s.status === 'active' ? s.raisedAt : (s.liftedAt ?? s.raisedAt));
  return at(b).localeCompare(at(a));
}

function sorted(stops: readonly Stop[]): Stop[] {
  const active = stops.filter((s) => s.status === 'active').sort(newestFirst);
  const lifted = stops.filter((s) => s.status === 'lifted').sort(newestFirst);
  return [...active, ...lifted];
}

function useProductionFacts(productionId: string): ProductionFacts | null {
  const [facts, setFacts] = useState(() => readJson<ProductionFacts>(factsKey(productionId)));
  useEffect(() => {
    let live = true;
    setFacts(readJson<ProductionFacts>(factsKey(productionId)));
    void api.production(productionId).then((result) => {
      if (!live || !result.ok) return;
      const { name, timezone, setCode } = result.data.production;
      writeJson(factsKey(productionId), { name, timezone, setCode });
      setFacts({ name, timezone, setCode });
    });
    return () => {
      live = false;
    };
  }, [productionId]);
  return facts;
}

export function StopsProvider({ productionId, children }: { productionId: string; children: ReactNode }) {
  const outbox = useOutbox();
  const { me, sessionEnded, announce } = useSession();
  const production = useProductionFacts(productionId);
  const [stops, dispatch] = useReducer(reduce, []);
  const [loaded, setLoaded] = useState(false);
  const [connected, setConnected] = useState<boolean | null>(null);
  const [acked, setAcked] = useState<ReadonlySet<string>>(() => new Set(readJson<string[]>(ackedKey(productionId)) ?? []));
  const listeners = useRef(new Set<(signal: StopsSignal) => void>());
  // Read by the long-lived stream handlers, which must not reconnect when these change.
  const session = useRef({ signedIn: me !== null, sessionEnded });
  useEffect(() => {
    session.current = { signedIn: me !== null, sessionEnded };
  });

  useEffect(() => {
    let live = true;
    // Events that arrive while the list is being read are applied after it, in order: the list may predate them.
    let pending: LiveEvent[] | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const signal = (s: StopsSignal) => {
      for (const listener of listeners.current) listener(s);
    };
    const take = (event: LiveEvent) => {
      if (pending) pending.push(event);
      else dispatch({ type: 'event', event });
      signal(event);
    };

    async function readList(): Promise<void> {
      if (pending) return;
      pending = [];
      clearTimeout(retry);
      const result = await api.stops(productionId);
      if (!live) return;
      const after = pending;
      pending = null;
      if (result.ok) {
        dispatch({ type: 'snapshot', stops: result.data.stops, after });
        setLoaded(true);
        const active = new Set(result.data.stops.filter((s) => s.status === 'active').map((s) => s.id));
        setAcked((was) => {
          const next = new Set([...was].filter((id) => active.has(id)));
          writeJson(ackedKey(productionId), [...next]);
          return next;
        });
        return;
      }
      for (const event of after) dispatch({ type: 'event', event });
      if (result.problem.status === 401 && session.current.signedIn) session.current.sessionEnded();
      else retry = setTimeout(() => void readList(), 5_000);
    }

    const disconnect = connectLive(productionId, deviceId(), {
      open: () => {
        setConnected(true);
        void readList();
        // The server answers again: whatever waited in the outbox can go now.
        void outbox.flush();
        signal({ type: 'open' });
      },
      closed: () => setConnected(false),
      event: take,
    });
    // A stop sent from this device shows here at once, without waiting for the stream to echo it.
    const offDelivered = outbox.onDelivered((write, stop) => {
      if (stop && write.kind === 'stop' && write.productionId === productionId) take({ type: 'stop.raised', stop });
    });
    return () => {
      live = false;
      clearTimeout(retry);
      disconnect();
      offDelivered();
    };
  }, [productionId, outbox]);

  const ordered = useMemo(() => sorted(stops), [stops]);
  useLiftNotice(ordered, announce);

  const setCode = production?.setCode ?? null;
  const raise = useCallback(
    (body: RaiseStopBody) => void outbox.add({ kind: 'stop', productionId, setCode, body }),
    [outbox, productionId, setCode],
  );
  const acknowledge = useCallback(
    (stopId: string) => {
      setAcked((was) => {
        const next = new Set(was).add(stopId);
        writeJson(ackedKey(productionId), [...next]);
        return next;
      });
      outbox.add({ kind: 'ack', productionId, stopId, deviceId: deviceId() });
    },
    [outbox, productionId],
  );
  const listen = useCallback((listener: (signal: StopsSignal) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);

  const value = useMemo<StopsValue>(
    () => ({ productionId, production, stops: ordered, loaded, connected, acked, raise, acknowledge, listen }),
    [productionId, production, ordered, loaded, connected, acked, raise, acknowledge, listen],
  );
  return <StopsContext.Provider value={value}>{children}</StopsContext.Provider>;
}

/** Says so when a stop this device was showing is lifted, and whether work may resume. */
function useLiftNotice(stops: readonly Stop[], announce: (text: string) => void): void {
  const wasActive = useRef<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const active = new Set(stops.filter((s) => s.status === 'active').map((s) => s.id));
    const lifted = stops.some((s) => s.status === 'lifted' && wasActive.current.has(s.id));
    wasActive.current = active;
    if (!lifted) return;
    announce(active.size === 0 ? 'The stop is lifted. Work may resume.' : 'A stop is lifted, but work is still stopped by another.');
  }, [stops, announce]);
}

/** The current production's stops, or null where no production is in view (sign-in, the public set page). */
export function useStops(): StopsValue | null {
  return useContext(StopsContext);
}
