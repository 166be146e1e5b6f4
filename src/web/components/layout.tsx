// The frame of every screen: top bar (production switcher, account), the
// production's tabs, the main landmark, and the dock at the bottom edge with
// the STOP button, so that a thumb reaches it from every screen. While work is
// stopped, the stop's banner sits above every screen, or its takeover covers them.
import { useEffect, useRef, useState, type MouseEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { localeNames, locales, type Locale } from '../../i18n/locales.js';
import { api } from '../api.js';
import { chooseLocale, deviceLocale } from '../i18n.js';
import { Link, useLocation, visitCount } from '../router.js';
import { rolesText } from '../roles.js';
import { useSession } from '../session.js';
import { THEMES, chooseTheme, useThemeChoice, type ThemeChoice } from '../theme.js';
import { LiveProvider } from '../live-provider.js';
import { ConcernAlerts } from '../screens/concern-shared.js';
import { StopsProvider, useStops } from '../stops.js';
import { Menu } from './menu.js';
import { Dock } from './stop-dock.js';
import { StopBanner, Takeover, useUnacknowledgedStop } from './takeover.js';

/** The dock's STOP button takes focus itself: following the link alone would only scroll to it. */
function focusStopButton(event: MouseEvent<HTMLAnchorElement>): void {
  const button = document.getElementById('stop-button');
  if (!button) return;
  event.preventDefault();
  button.focus();
}

export function Page({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  const documentTitle = t('layout.documentTitle', { title });
  useEffect(() => {
    document.title = documentTitle;
  }, [documentTitle]);
  return (
    <div className={wide ? 'page page--wide' : 'page'}>
      <h1 tabIndex={-1}>{title}</h1>
      {children}
    </div>
  );
}

function ProductionSwitcher({ currentId }: { currentId: string | undefined }) {
  const { t } = useTranslation();
  const { me, membership } = useSession();
  if (!me) return null;
  const current = currentId ? membership(currentId) : undefined;
  const name = current ? current.productionName : t('layout.switcher.productions');
  return (
    <Menu className="switcher" label={t('layout.switcher.label', { name })} button={<span className="switcher-name">{name}</span>}>
      <nav aria-label={t('layout.switcher.yourProductions')}>
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
              {t('layout.switcher.newProduction')}
            </Link>
          </li>
        </ul>
      </nav>
    </Menu>
  );
}

function AccountMenu() {
  const { t } = useTranslation();
  const { me, signOut } = useSession();
  const [error, setError] = useState('');
  if (!me) return null;
  async function leave(): Promise<void> {
    const problem = await signOut();
    setError(problem ? problem.detail : '');
  }
  const letters = initials(me.user.name);
  // The name read out holds the initials shown, so that a voice command saying them reaches the button.
  return (
    <Menu className="account" label={t('layout.account.label', { name: me.user.name, initials: letters })} button={<span className="account-initial">{letters}</span>}>
      <p className="menu-who">
        <strong>{me.user.name}</strong>
        <span>{me.user.email}</span>
      </p>
      <ul className="menu-list">
        <li>
          <Link href="/account">{t('layout.account.setPin')}</Link>
        </li>
        <li>
          <button type="button" className="menu-action" onClick={() => void leave()}>
            {t('layout.account.signOut')}
          </button>
        </li>
      </ul>
      <ThemePicker />
      <LanguagePicker />
      <p className="menu-error" role="alert">
        {error}
      </p>
    </Menu>
  );
}

/** The screen's theme on this device: radio buttons, so arrow keys move between them. */
function ThemePicker() {
  const { t } = useTranslation();
  const chosen = useThemeChoice();
  const words: Record<ThemeChoice, { label: string; hint: string }> = {
    auto: { label: t('layout.theme.auto'), hint: t('layout.theme.autoHint') },
    outdoor: { label: t('layout.theme.outdoor'), hint: t('layout.theme.outdoorHint') },
    night: { label: t('layout.theme.night'), hint: t('layout.theme.nightHint') },
  };
  return (
    <fieldset className="menu-theme">
      <legend>{t('layout.theme.legend')}</legend>
      {THEMES.map((theme) => (
        <label key={theme} className="menu-theme-option">
          <input type="radio" name="theme" value={theme} checked={chosen === theme} onChange={() => chooseTheme(theme)} />
          <span>
            {words[theme].label}
            <span className="menu-item-sub">{words[theme].hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The app's language on this device, built like the theme's choice. A signed-in
 * choice is also kept on the server, for the emails and messages it sends; a
 * server that cannot keep it yet leaves the device's choice standing.
 */
function LanguagePicker() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [chosen, setChosen] = useState<Locale | null>(deviceLocale);
  function choose(locale: Locale | null): void {
    setChosen(locale);
    chooseLocale(locale);
    if (me) void api.setLocale(locale);
  }
  // Each language is named in its own words, so whoever cannot read the screen still finds theirs.
  const choices: { value: Locale | null; label: string; hint?: string }[] = [
    { value: null, label: t('layout.language.auto'), hint: t('layout.language.autoHint') },
    ...locales.map((locale) => ({ value: locale, label: localeNames[locale] })),
  ];
  return (
    <fieldset className="menu-theme">
      <legend>{t('layout.language.legend')}</legend>
      {choices.map((choice) => (
        <label key={choice.value ?? 'auto'} className="menu-theme-option" lang={choice.value ?? undefined}>
          <input type="radio" name="language" value={choice.value ?? 'auto'} checked={chosen === choice.value} onChange={() => choose(choice.value)} />
          <span>
            {choice.label}
            {choice.hint && <span className="menu-item-sub">{choice.hint}</span>}
          </span>
        </label>
      ))}
    </fieldset>
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
  const { t } = useTranslation();
  const { path } = useLocation();
  const base = `/productions/${encodeURIComponent(productionId)}`;
  const tabs = [
    { href: `${base}/today`, label: t('layout.tabs.today') },
    { href: base, label: t('layout.tabs.home') },
    { href: `${base}/schedule`, label: t('layout.tabs.schedule') },
    { href: `${base}/notebooks`, label: t('layout.tabs.notebooks') },
    { href: `${base}/stops`, label: t('layout.tabs.stops') },
    { href: `${base}/armory`, label: t('layout.tabs.armory') },
    { href: `${base}/concerns`, label: t('layout.tabs.concerns') },
    { href: `${base}/members`, label: t('layout.tabs.members') },
    { href: `${base}/ledger`, label: t('layout.tabs.ledger') },
  ];
  return (
    <nav className="tabs" aria-label={t('layout.tabs.label')}>
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
  const { t } = useTranslation();
  const { me, notice } = useSession();
  const stops = useStops();
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
          {t('layout.skipToContent')}
        </a>
        {/* STOP sits in the dock after the page; from the keyboard it is the second stop from the top, not the last. */}
        {stops && (
          <a className="skip-link" href="#stop-button" onClick={focusStopButton}>
            {t('layout.skipToStop')}
          </a>
        )}
        <header className="topbar">
          <Link href="/" className="brand" aria-label={t('layout.home')}>
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
