// The production's stops as this device knows them (S1): read from the server
// on every (re)connect of the live stream, kept current by its events, and
// which of them this device has acknowledged. Also raises a stop, through the
// outbox, so that pressing STOP never depends on the network, and keeps the
// places a stop can name: where this device last stopped work, and the day's
// locations as last read.
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { api, type Production, type RaiseStopBody, type Stop } from './api.js';
import { deviceId } from './device.js';
import { t } from './i18n.js';
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
  /** stops this device has acknowledged, or raised under its holder's name (the server counts those as seen) */
  acked: ReadonlySet<string>;
  /** places to offer for "where", most likely first: this device's last ones, then today's locations */
  places(): string[];
  /** Sends a stop at once; the moment of the press and this device go with it unless it is anonymous. */
  raise(press: StopPress): void;
  acknowledge(stopId: string): void;
}

/** What the person said when pressing STOP; the rest is added here. */
export type StopPress = Pick<RaiseStopBody, 'reason' | 'location' | 'anonymous'>;

const StopsContext = createContext<StopsValue | null>(null);

const factsKey = (productionId: string) => `setbook.production.${productionId}`;
const ackedKey = (productionId: string) => `setbook.acked.${productionId}`;
const pressedKey = (productionId: string) => `setbook.pressed.${productionId}`;
const recentPlacesKey = (productionId: string) => `setbook.places.${productionId}`;
const todayPlacesKey = (productionId: string) => `setbook.today-places.${productionId}`;

/** The server keeps a queued press's own time for a day; a stamp older than that can no longer name a stop. */
const pressKeptMs = 24 * 3_600_000;
const recentPlaces = 3;
/** One row of places on a phone's sheet, the likeliest first; more would only be scrolled past. */
const offeredPlaces = 6;

interface TodayPlaces {
  /** the shoot day's date in the production's zone: yesterday's locations are not offered */
  date: string;
  timezone: string;
  names: string[];
}

/** Today's date where the set is, as the server writes it (YYYY-MM-DD). */
function dateIn(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return '';
  }
}

function uniquePlaces(names: readonly (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = raw?.trim();
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
  }
  return out;
}

function placesFor(productionId: string): string[] {
  const recent = readJson<string[]>(recentPlacesKey(productionId)) ?? [];
  const today = readJson<TodayPlaces>(todayPlacesKey(productionId));
  const todays = today && today.date === dateIn(today.timezone) ? today.names : [];
  return uniquePlaces([...recent, ...todays]).slice(0, offeredPlaces);
}

function rememberPlace(productionId: string, place: string): void {
  writeJson(recentPlacesKey(productionId), uniquePlaces([place, ...(readJson<string[]>(recentPlacesKey(productionId)) ?? [])]).slice(0, recentPlaces));
}

/** Reads the day's locations in the background, so that "where" can offer them even once the Wi-Fi is gone. */
async function refreshTodayPlaces(productionId: string): Promise<void> {
  const result = await api.today(productionId);
  if (!result.ok) return;
  const { date, timezone, shootDay, locations } = result.data;
  writeJson(todayPlacesKey(productionId), { date, timezone, names: uniquePlaces([shootDay?.location, ...locations.map((l) => l.name)]) } satisfies TodayPlaces);
}

/** Stamps of the named presses made on this device, still young enough to name their stop. */
function freshStamps(productionId: string): string[] {
  const since = Date.now() - pressKeptMs;
  return (readJson<string[]>(pressedKey(productionId)) ?? []).filter((at) => Date.parse(at) >= since);
}

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
  const [pressed, setPressed] = useState<readonly string[]>(() => freshStamps(productionId));
  const myId = me?.user.id;
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
      if (signal.type === 'open') {
        void readList();
        void refreshTodayPlaces(productionId);
      } else if (pending) pending.push(signal);
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

  const markAcked = useCallback(
    (stopId: string) =>
      setAcked((was) => {
        if (was.has(stopId)) return was;
        const next = new Set(was).add(stopId);
        writeJson(ackedKey(productionId), [...next]);
        return next;
      }),
    [productionId],
  );

  // The raiser's own device has seen its stop, and the server says so: no takeover asks it to acknowledge.
  // A press is recognised by its stamp, which the server keeps as the stop's time, so even the live event
  // that beats the server's answer back finds it; the answer itself covers a stamp the server did not keep.
  const seen = useMemo(() => {
    const stamps = new Set(pressed);
    const mine = (s: Stop) => s.raisedBy !== null && (!myId || s.raisedBy.userId === myId);
    const raisedHere = ordered.filter((s) => s.status === 'active' && mine(s) && stamps.has(s.raisedAt)).map((s) => s.id);
    return raisedHere.every((id) => acked.has(id)) ? acked : new Set([...acked, ...raisedHere]);
  }, [ordered, pressed, acked, myId]);
  useEffect(
    () =>
      outbox.onDelivered((write, stop) => {
        if (write.kind === 'stop' && write.productionId === productionId && write.body.deviceId && stop?.raisedBy) markAcked(stop.id);
      }),
    [outbox, productionId, markAcked],
  );

  const setCode = production?.setCode ?? null;
  const raise = useCallback(
    (press: StopPress) => {
      // The moment of the press, not of delivery: a stop queued offline keeps it through retries and reloads.
      const pressedAt = new Date().toISOString();
      // S1: an anonymous stop carries nothing that points back at this device, and its place is not kept here afterwards.
      const body: RaiseStopBody = press.anonymous ? { ...press, pressedAt } : { ...press, pressedAt, deviceId: deviceId() };
      outbox.add({ kind: 'stop', productionId, setCode, body });
      if (press.anonymous) return;
      const stamps = [...freshStamps(productionId), pressedAt];
      writeJson(pressedKey(productionId), stamps);
      setPressed(stamps);
      if (press.location) rememberPlace(productionId, press.location);
    },
    [outbox, productionId, setCode],
  );
  const acknowledge = useCallback(
    (stopId: string) => {
      markAcked(stopId);
      outbox.add({ kind: 'ack', productionId, stopId, deviceId: deviceId() });
    },
    [outbox, productionId, markAcked],
  );
  const places = useCallback(() => placesFor(productionId), [productionId]);
  const value = useMemo<StopsValue>(
    () => ({ productionId, production, stops: ordered, loaded, acked: seen, places, raise, acknowledge }),
    [productionId, production, ordered, loaded, seen, places, raise, acknowledge],
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
    announce(active.size === 0 ? t('stops.liftNotice.resume') : t('stops.liftNotice.stillStopped'));
  }, [stops, announce]);
}

/** The current production's stops, or null where no production is in view (sign-in, the public set page). */
export function useStops(): StopsValue | null {
  return useContext(StopsContext);
}
