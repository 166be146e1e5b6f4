// The frame of every screen: top bar (production switcher, account), the
// production's tabs, the main landmark, and the dock at the bottom edge with
// the STOP button, so that a thumb reaches it from every screen. While work is
// stopped, the stop's banner sits above every screen, or its takeover covers them.
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Link, useLocation, visitCount } from '../router.js';
import { rolesText } from '../roles.js';
import { useSession } from '../session.js';
import { LiveProvider } from '../live-provider.js';
import { ConcernAlerts } from '../screens/concern-shared.js';
import { StopsProvider } from '../stops.js';
import { Menu } from './menu.js';
import { Dock } from './stop-dock.js';
import { StopBanner, Takeover, useUnacknowledgedStop } from './takeover.js';

export function Page({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  useEffect(() => {
    document.title = `${title} · Setbook`;
  }, [title]);
  return (
    <div className={wide ? 'page page--wide' : 'page'}>
      <h1 tabIndex={-1}>{title}</h1>
      {children}
    </div>
  );
}

function ProductionSwitcher({ currentId }: { currentId: string | undefined }) {
  const { me, membership } = useSession();
  if (!me) return null;
  const current = currentId ? membership(currentId) : undefined;
  const name = current ? current.productionName : 'Productions';
  return (
    <Menu className="switcher" label={`Production: ${name}. Switch production`} button={<span className="switcher-name">{name}</span>}>
      <nav aria-label="Your productions">
        <ul className="menu-list">
          {me.memberships.map((m) => (
            <li key={m.productionId}>
              <Link href={`/productions/${encodeURIComponent(m.productionId)}`} aria-current={m.productionId === currentId ? 'page' : undefined}>
                <span className="menu-item-title">{m.productionName}</span>
                <span className="menu-item-sub">{rolesText(m.roles)}</span>
              </Link>
            </li>
          ))}
          <li>
            <Link href="/productions/new" className="menu-add">
              New production
            </Link>
          </li>
        </ul>
      </nav>
    </Menu>
  );
}

function AccountMenu() {
  const { me, signOut } = useSession();
  const [error, setError] = useState('');
  if (!me) return null;
  async function leave(): Promise<void> {
    const problem = await signOut();
    setError(problem ? problem.detail : '');
  }
  return (
    <Menu className="account" label={`Account: ${me.user.name}`} button={<span className="account-initial">{initials(me.user.name)}</span>}>
      <p className="menu-who">
        <strong>{me.user.name}</strong>
        <span>{me.user.email}</span>
      </p>
      <ul className="menu-list">
        <li>
          <Link href="/account">Set my PIN</Link>
        </li>
        <li>
          <button type="button" className="menu-action" onClick={() => void leave()}>
            Sign out
          </button>
        </li>
      </ul>
      <p className="menu-error" role="alert">
        {error}
      </p>
    </Menu>
  );
}

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() ?? '');
  return (letters[0] ?? '') + (letters.length > 1 ? (letters[letters.length - 1] ?? '') : '');
}

function ProductionTabs({ productionId }: { productionId: string }) {
  const { path } = useLocation();
  const base = `/productions/${encodeURIComponent(productionId)}`;
  const tabs = [
    { href: `${base}/today`, label: 'Today' },
    { href: base, label: 'Home' },
    { href: `${base}/schedule`, label: 'Schedule' },
    { href: `${base}/notebooks`, label: 'Notebooks' },
    { href: `${base}/stops`, label: 'Stops' },
    { href: `${base}/armory`, label: 'Armory' },
    { href: `${base}/concerns`, label: 'Concerns' },
    { href: `${base}/members`, label: 'Members' },
    { href: `${base}/ledger`, label: 'Ledger' },
  ];
  return (
    <nav className="tabs" aria-label="Production">
      <ul>
        {tabs.map((tab) => (
          <li key={tab.href}>
            <Link href={tab.href} aria-current={path === tab.href || (tab.href !== base && path.startsWith(`${tab.href}/`)) ? 'page' : undefined}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Moves focus to the new page's heading after a navigation, so screen readers start there. */
function useFocusOnNavigate(path: string, main: RefObject<HTMLElement | null>): void {
  // The frame mounts afresh when the production whose STOP button it carries changes (sign-in, switching
  // productions): that mount follows a navigation, so it moves focus too; only the page load's does not.
  const first = useRef(visitCount() === 0);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = main.current?.querySelector<HTMLElement>('h1');
    (heading ?? main.current)?.focus();
  }, [path, main]);
}

interface LayoutProps {
  /** the production whose tabs to show */
  productionId: string | undefined;
  /** the production whose stops this device watches and whose STOP button the dock carries */
  stopsFor?: string | undefined;
  children: ReactNode;
}

export function Layout({ productionId, stopsFor, children }: LayoutProps) {
  const frame = <Frame productionId={productionId}>{children}</Frame>;
  return stopsFor ? (
    <LiveProvider key={stopsFor} productionId={stopsFor}>
      <StopsProvider productionId={stopsFor}>{frame}</StopsProvider>
    </LiveProvider>
  ) : (
    frame
  );
}

function Frame({ productionId, children }: { productionId: string | undefined; children: ReactNode }) {
  const { me, notice } = useSession();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const banner = useRef<HTMLElement>(null);
  useFocusOnNavigate(path, main);
  const member = productionId !== undefined && me?.memberships.some((m) => m.productionId === productionId);
  const takeover = useUnacknowledgedStop();
  useFocusAfterTakeover(takeover?.id ?? null, banner, main);

  return (
    <>
      {/* Inert under the takeover: nothing behind it can be focused, clicked or read out. */}
      <div className="app" inert={takeover !== null}>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="topbar">
          <Link href="/" className="brand" aria-label="Setbook home">
            <img src="/icon.svg" alt="" width="32" height="32" />
            <span className="brand-name">Setbook</span>
          </Link>
          {me && <ProductionSwitcher currentId={productionId} />}
          {me && <AccountMenu />}
        </header>
        {member && productionId && <ProductionTabs productionId={productionId} />}
        <StopBanner focusRef={banner} />
        <main id="main" ref={main} tabIndex={-1}>
          {/* A concern routed to this person: urgent ones as alerts, set apart from the notice's confirmations. */}
          <ConcernAlerts />
          <div className="notice" role="status">
            {notice && notice.visit === visitCount() ? notice.text : ''}
          </div>
          {children}
        </main>
        <Dock covered={takeover !== null} />
      </div>
      {takeover && <Takeover stop={takeover} />}
    </>
  );
}

/** When the takeover goes, focus goes to the stop's banner (acknowledged) or the page's heading (lifted). */
function useFocusAfterTakeover(covering: string | null, banner: RefObject<HTMLElement | null>, main: RefObject<HTMLElement | null>): void {
  const was = useRef<string | null>(null);
  useEffect(() => {
    if (was.current !== null && covering === null) {
      (banner.current ?? main.current?.querySelector<HTMLElement>('h1') ?? main.current)?.focus();
    }
    was.current = covering;
  }, [covering, banner, main]);
}
