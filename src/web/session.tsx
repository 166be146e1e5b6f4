// Who is signed in, whether the instance still needs its first account, and a
// one-line notice carried across a navigation ("You are signed out.").
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type Me, type Membership, type Problem } from './api.js';
import { adoptLocale, t } from './i18n.js';
import { forgetEverything, lastMe, rememberMe } from './last-seen.js';
import { useOutbox } from './outbox.js';
import { navigate, visitCount } from './router.js';
import { readText, writeText } from './storage.js';

/** `offline`: opened with no network for the last person signed in on this phone, until the server answers again. */
export type Boot = { state: 'loading' } | { state: 'unreachable'; problem: Problem } | { state: 'ready'; offline?: boolean };

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
  const outbox = useOutbox();
  useEffect(() => outbox.signedIn(me?.user.id ?? null), [outbox, me]);

  // The person is kept on this phone for a cold start with no network; a server that no longer knows them forgets it all.
  const know = useCallback((next: Me | null) => {
    setMe(next);
    if (next) rememberMe(next);
    else forgetEverything();
  }, []);

  const refresh = useCallback(async () => {
    const result = await api.me();
    const next = result.ok ? result.data : null;
    if (result.ok) adoptLocale(next?.user.locale);
    if (result.ok || result.problem.status === 401) know(next);
    else setMe(next);
    return next;
  }, [know]);

  useEffect(() => {
    let live = true;
    const patience = { timeoutMs: bootTimeoutMs };
    void Promise.all([api.health(patience), api.me(patience)]).then(([health, who]) => {
      if (!live) return;
      if (!health.ok) {
        // No network: the last person signed in on this phone opens on their shell, their productions and STOP.
        const remembered = health.problem.status === 0 ? lastMe() : null;
        if (remembered) {
          setMe(remembered);
          setBoot({ state: 'ready', offline: true });
        } else setBoot({ state: 'unreachable', problem: health.problem });
        return;
      }
      setSetupNeeded(health.data.setupNeeded === true);
      if (who.ok) adoptLocale(who.data.user.locale);
      if (who.ok || who.problem.status === 401) know(who.ok ? who.data : null);
      setBoot({ state: 'ready' });
    });
    return () => {
      live = false;
    };
  }, [attempt]);

  // Opened offline from the cached shell: start properly as soon as the network is back,
  // behind the screen already open when it shows what the phone last saw.
  const offline = boot.state === 'ready' && boot.offline === true;
  useEffect(() => {
    if (boot.state !== 'unreachable' && !offline) return;
    const again = () => {
      if (!offline) setBoot({ state: 'loading' });
      setAttempt((n) => n + 1);
    };
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [boot.state, offline]);

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
        know(null);
        setNotice({ text: t('layout.notices.sessionEnded'), visit: visitCount() });
      },
      signOut: async () => {
        const result = await api.logout();
        if (!result.ok && result.problem.status !== 401) return result.problem;
        know(null);
        navigate('/sign-in');
        setNotice({ text: t('layout.notices.signedOut'), visit: visitCount() });
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
    [boot, setupNeeded, me, notice, refresh, know],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
