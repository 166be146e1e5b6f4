import { useCallback, useEffect, useState } from 'react';
import type { ApiResult, Problem } from './api.js';
import { lastSeen, remember } from './last-seen.js';
import { useSession } from './session.js';

/** `seenAt` marks data this phone kept from an earlier visit, shown because the network is out. */
export type Resource<T> = { state: 'loading' } | { state: 'failed'; problem: Problem } | { state: 'ready'; data: T; seenAt?: string };

/** Keeps the last good answer on this phone, to show with no network (last-seen.ts). */
export interface Remember<T> {
  /** the production it belongs to: kept per person and production */
  productionId: string;
  /** what of the answer may stay on the phone; all of it by default */
  keep?: (data: T) => T;
  /** rebuilds what JSON does not carry (lookup functions) from the kept answer */
  revive?: (kept: T) => T;
}

/**
 * Loads a GET on mount and whenever `key` changes; `reload` reads it again and
 * keeps showing the old data meanwhile. `load` is a fresh closure each render,
 * so `key` is what says that it asks for something else. With `remember`, a
 * request that reaches nobody shows what this phone last saw instead, marked
 * with when; a refusal (4xx) never does.
 */
export function useResource<T>(key: string, load: () => Promise<ApiResult<T>>, options: { remember?: Remember<T> } = {}): [Resource<T>, () => void] {
  const { me, sessionEnded } = useSession();
  const [loaded, setLoaded] = useState<{ key: string; resource: Resource<T> } | null>(null);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const userId = me?.user.id;
  const keep = options.remember;

  useEffect(() => {
    let live = true;
    void load().then((result) => {
      if (!live) return;
      if (!result.ok && result.problem.status === 401) sessionEnded();
      if (result.ok && keep && userId) remember(userId, keep.productionId, key, keep.keep ? keep.keep(result.data) : result.data);
      const seen = !result.ok && result.problem.status === 0 && keep && userId ? lastSeen<T>(userId, keep.productionId, key) : null;
      const resource: Resource<T> = result.ok
        ? { state: 'ready', data: result.data }
        : seen
          ? { state: 'ready', data: keep?.revive ? keep.revive(seen.data) : seen.data, seenAt: seen.seenAt }
          : { state: 'failed', problem: result.problem };
      setLoaded({ key, resource });
    });
    return () => {
      live = false;
    };
  }, [key, round]);

  // What the phone last saw gives way to the real answer as soon as the network is back.
  const showingSeen = loaded?.key === key && loaded.resource.state === 'ready' && loaded.resource.seenAt !== undefined;
  useEffect(() => {
    if (!showingSeen) return;
    window.addEventListener('online', reload);
    return () => window.removeEventListener('online', reload);
  }, [showingSeen, reload]);

  return [loaded?.key === key ? loaded.resource : { state: 'loading' }, reload];
}
