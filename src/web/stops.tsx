// The production's stops as this device knows them (S1): read from the server
// on every (re)connect of the live stream, kept current by its events, and
// which of them this device has acknowledged. Also raises a stop, through the
// outbox, so that pressing STOP never depends on the network.
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { api, type Production, type RaiseStopBody, type Stop } from './api.js';
import { deviceId } from './device.js';
import type { LiveEvent } from './live.js';
import { useLive } from './live-provider.js';
import { useOutbox } from './outbox.js';
import { useSession } from './session.js';
import { readJson, writeJson } from './storage.js';

type ProductionFacts = Pick<Production, 'name' | 'timezone' | 'setCode'>;

interface StopsValue {
  productionId: string;
  /** kept from the last visit, so an offline start still knows the name and the set code */
  production: ProductionFacts | null;
  /** active stops newest first, then recently lifted ones */
  stops: readonly Stop[];
  /** the server's list has been read at least once */
  loaded: boolean;
  /** stops this device has acknowledged */
  acked: ReadonlySet<string>;
  raise(body: RaiseStopBody): void;
  acknowledge(stopId: string): void;
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
  const listen = useLive()?.listen;
  const { me, sessionEnded, announce } = useSession();
  const production = useProductionFacts(productionId);
  const [stops, dispatch] = useReducer(reduce, []);
  const [loaded, setLoaded] = useState(false);
  const [acked, setAcked] = useState<ReadonlySet<string>>(() => new Set(readJson<string[]>(ackedKey(productionId)) ?? []));
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

    // Read again on every (re)connect; between them, the stream's events keep the list current.
    const off = listen?.((signal) => {
      if (signal.type === 'open') void readList();
      else if (pending) pending.push(signal);
      else dispatch({ type: 'event', event: signal });
    });
    return () => {
      live = false;
      clearTimeout(retry);
      off?.();
    };
  }, [productionId, listen]);

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
  const value = useMemo<StopsValue>(
    () => ({ productionId, production, stops: ordered, loaded, acked, raise, acknowledge }),
    [productionId, production, ordered, loaded, acked, raise, acknowledge],
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
