import { useCallback, useEffect, useState } from 'react';
import type { ApiResult, Problem } from './api.js';
import { useSession } from './session.js';

export type Resource<T> = { state: 'loading' } | { state: 'failed'; problem: Problem } | { state: 'ready'; data: T };

/**
 * Loads a GET on mount and whenever `key` changes; `reload` reads it again and
 * keeps showing the old data meanwhile. `load` is a fresh closure each render,
 * so `key` is what says that it asks for something else.
 */
export function useResource<T>(key: string, load: () => Promise<ApiResult<T>>): [Resource<T>, () => void] {
  const { sessionEnded } = useSession();
  const [loaded, setLoaded] = useState<{ key: string; resource: Resource<T> } | null>(null);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    void load().then((result) => {
      if (!live) return;
      if (!result.ok && result.problem.status === 401) sessionEnded();
      const resource: Resource<T> = result.ok ? { state: 'ready', data: result.data } : { state: 'failed', problem: result.problem };
      setLoaded({ key, resource });
    });
    return () => {
      live = false;
    };
  }, [key, round]);

  return [loaded?.key === key ? loaded.resource : { state: 'loading' }, reload];
}
