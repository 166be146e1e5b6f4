// Who is signed in, whether the instance still needs its first account, and a
// one-line notice carried across a navigation ("You are signed out.").
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type Me, type Membership, type Problem } from './api.js';
import { navigate, visitCount } from './router.js';
import { readText, writeText } from './storage.js';

export type Boot = { state: 'loading' } | { state: 'unreachable'; problem: Problem } | { state: 'ready' };

interface SessionValue {
  boot: Boot;
  setupNeeded: boolean;
  me: Me | null;
  /** Re-reads /api/me after sign-in, setup, a new production or an accepted invitation. */
  refresh(): Promise<Me | null>;
  /** The server stopped knowing this session (expired, signed out elsewhere): back to sign-in. */
  sessionEnded(): void;
  /** Ends the session; answers the problem when the server could not be told. */
  signOut(): Promise<Problem | null>;
  retry(): void;
  /** A line for the polite live region, shown until the person goes somewhere else. */
  notice: { text: string; visit: number } | null;
  /** Shows `text` on the page the person is on, or is being redirected to. */
  announce(text: string): void;
  /** Navigates and shows `text` on the page it leads to. */
  go(path: string, text?: string): void;
  membership(productionId: string): Membership | undefined;
}

const SessionContext = createContext<SessionValue | null>(null);

const lastProductionKey = 'setbook.lastProduction';
/** A set laptop that is switched off can leave requests hanging; the STOP button must not wait on them. */
const bootTimeoutMs = 8_000;

// Without storage (private browsing) the app opens the production list instead.
export function rememberProduction(productionId: string): void {
  writeText(lastProductionKey, productionId);
}

export function lastProduction(): string | null {
  return readText(lastProductionKey);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [setupNeeded, setSetupNeeded] = useState(false);
  const [me, setMe] = useState<Me | null>(null);
  const [notice, setNotice] = useState<{ text: string; visit: number } | null>(null);
  const [attempt, setAttempt] = useState(0);

  const refresh = useCallback(async () => {
    const result = await api.me();
    const next = result.ok ? result.data : null;
    setMe(next);
    return next;
  }, []);

  useEffect(() => {
    let live = true;
    const patience = { timeoutMs: bootTimeoutMs };
    void Promise.all([api.health(patience), api.me(patience)]).then(([health, who]) => {
      if (!live) return;
      if (!health.ok) {
        setBoot({ state: 'unreachable', problem: health.problem });
        return;
      }
      setSetupNeeded(health.data.setupNeeded === true);
      setMe(who.ok ? who.data : null);
      setBoot({ state: 'ready' });
    });
    return () => {
      live = false;
    };
  }, [attempt]);

  // Opened offline from the cached shell: start properly as soon as the network is back.
  useEffect(() => {
    if (boot.state !== 'unreachable') return;
    const again = () => {
      setBoot({ state: 'loading' });
      setAttempt((n) => n + 1);
    };
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [boot.state]);

  const value = useMemo<SessionValue>(
    () => ({
      boot,
      setupNeeded,
      me,
      refresh: async () => {
        const next = await refresh();
        // Any signed-in answer means an account exists, so first-run setup is over.
        if (next) setSetupNeeded(false);
        return next;
      },
      sessionEnded: () => {
        setMe(null);
        setNotice({ text: 'Your session has ended. Please sign in again.', visit: visitCount() });
      },
      signOut: async () => {
        const result = await api.logout();
        if (!result.ok && result.problem.status !== 401) return result.problem;
        setMe(null);
        navigate('/sign-in');
        setNotice({ text: 'You are signed out.', visit: visitCount() });
        return null;
      },
      retry: () => {
        setBoot({ state: 'loading' });
        setAttempt((n) => n + 1);
      },
      notice,
      announce: (text) => setNotice({ text, visit: visitCount() }),
      go: (path, text) => {
        navigate(path);
        setNotice(text ? { text, visit: visitCount() } : null);
      },
      membership: (productionId) => me?.memberships.find((m) => m.productionId === productionId),
    }),
    [boot, setupNeeded, me, notice, refresh],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
