import { lazy, useLayoutEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Layout, Page } from './components/layout.js';
import { Lazy } from './components/lazy.js';
import { match, navigate, useLocation } from './router.js';
import { AcceptInvitationScreen } from './screens/accept-invitation.js';
import { AccountScreen } from './screens/account.js';
import { MembersScreen } from './screens/members.js';
import { NotFoundScreen } from './screens/not-found.js';
import { ProductionHomeScreen } from './screens/production-home.js';
import { CreateProductionScreen, ProductionListScreen } from './screens/productions.js';
import { SetStopScreen } from './screens/set-stop.js';
import { SetupScreen } from './screens/setup.js';
import { SignInScreen } from './screens/sign-in.js';
import { StopListScreen, StopScreen } from './screens/stops.js';
import { lastProduction, rememberProduction, useSession } from './session.js';

// The ledger screen carries the hashing and signature code, the set poster its QR encoder:
// they load when opened, not with the first screen.
const LedgerScreen = lazy(() => import('./screens/ledger.js').then((module) => ({ default: module.LedgerScreen })));
// The armory screens load when opened: most people on a set never open them on their phone.
const ArmoryScreen = lazy(() => import('./screens/armory.js').then((module) => ({ default: module.ArmoryScreen })));
const FirearmScreen = lazy(() => import('./screens/firearm.js').then((module) => ({ default: module.FirearmScreen })));
const LiveRoundScreen = lazy(() => import('./screens/armory/live-round.js').then((module) => ({ default: module.LiveRoundScreen })));
const RequestsScreen = lazy(() => import('./screens/armory/requests.js').then((module) => ({ default: module.RequestsScreen })));
const FirearmScenesScreen = lazy(() => import('./screens/armory/scenes.js').then((module) => ({ default: module.FirearmScenesScreen })));
// A person's page and the training list: managing people is done now and then, not on every visit.
const MemberScreen = lazy(() => import('./screens/people/member.js').then((module) => ({ default: module.MemberScreen })));
const TrainingScreen = lazy(() => import('./screens/people/training.js').then((module) => ({ default: module.TrainingScreen })));
const SetCodeScreen = lazy(() => import('./screens/set-code.js').then((module) => ({ default: module.SetCodeScreen })));
// Concerns load when opened: reporting one is rare, and the follow-up page is opened from a written-down key.
const concerns = () => import('./screens/concerns.js');
const ReportConcernScreen = lazy(() => concerns().then((module) => ({ default: module.ReportConcernScreen })));
const SetConcernScreen = lazy(() => concerns().then((module) => ({ default: module.SetConcernScreen })));
const ConcernInboxScreen = lazy(() => concerns().then((module) => ({ default: module.ConcernInboxScreen })));
const ConcernScreen = lazy(() => concerns().then((module) => ({ default: module.ConcernScreen })));
const EscalationScreen = lazy(() => import('./screens/escalation.js').then((module) => ({ default: module.EscalationScreen })));
const FollowUpScreen = lazy(() => import('./screens/follow-up.js').then((module) => ({ default: module.FollowUpScreen })));
// The day and the schedule load when opened; their headings name the day or the scene, so they carry their own page.
const TodayScreen = lazy(() => import('./screens/today.js').then((module) => ({ default: module.TodayScreen })));
const ScheduleRoutes = lazy(() => import('./screens/schedule/index.js').then((module) => ({ default: module.ScheduleRoutes })));
// The call sheet: the 1st AD's versions and recipients, and the page a recipient's personal link opens without an account.
const CallSheetScreen = lazy(() => import('./screens/call-sheet/index.js').then((module) => ({ default: module.CallSheetScreen })));
const RecipientSheetScreen = lazy(() => import('./screens/call-sheet/public.js').then((module) => ({ default: module.RecipientSheetScreen })));
// The department notebooks load when opened, all together: a notebook is often opened once online and then written in offline.
const NotebookRoutes = lazy(() => import('./screens/notebook/index.js').then((module) => ({ default: module.NotebookRoutes })));

/** A screen loaded on demand: its heading sits outside the lazy part, so focus lands on it at once and stays there. */
function LazyPage({ title, wide, children }: { title: string; wide?: boolean; children: ReactNode }) {
  return (
    <Page title={title} wide={wide}>
      <Lazy>{children}</Lazy>
    </Page>
  );
}

function Redirect({ to }: { to: string }) {
  useLayoutEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** Only a same-site path may be a destination after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

type Screen =
  | { redirect: string }
  | {
      productionId?: string;
      /** the production whose STOP button and stops this screen carries (S1): the one in view, or the last one visited */
      stopsFor?: string | undefined;
      element: ReactNode;
    };

/** Picks the screen for a path, or where to send someone who may not see it. */
function useScreen(): Screen {
  const { t } = useTranslation();
  const session = useSession();
  const { path, query } = useLocation();
  const { me, setupNeeded } = session;

  if (setupNeeded) return path === '/setup' ? { element: <SetupScreen /> } : { redirect: '/setup' };
  if (path === '/setup') return { redirect: '/' };

  const invite = match('/invite/:code', path);
  if (invite) return { element: <AcceptInvitationScreen code={invite.code as string} /> };
  // The set's public stop page works for anyone, signed in or not.
  const set = match('/s/:setCode', path);
  if (set) return { element: <SetStopScreen setCode={set.setCode as string} /> };
  // Concerns without an account (S2): reported through the set's code, followed up with a key and passphrase.
  const setConcern = match('/s/:setCode/concern', path);
  if (setConcern) return { element: <LazyPage title={t('layout.titles.reportConcern')}><SetConcernScreen setCode={setConcern.setCode as string} /></LazyPage> };
  if (path === '/follow-up') return { element: <LazyPage title={t('layout.titles.followUp')}><FollowUpScreen /></LazyPage> };
  // A call sheet's personal link (S4) opens for its recipient, signed in or not.
  const sheetLink = match('/call-sheet/:token', path);
  if (sheetLink) return { element: <Lazy><RecipientSheetScreen token={sheetLink.token as string} /></Lazy> };

  if (path === '/sign-in') return me ? { redirect: safeNext(query.get('next')) } : { element: <SignInScreen /> };
  if (!me) return { redirect: path === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(path)}` };

  if (path === '/') {
    const last = lastProduction();
    const home = me.memberships.find((m) => m.productionId === last) ?? (me.memberships.length === 1 ? me.memberships[0] : undefined);
    if (home) return { redirect: `/productions/${encodeURIComponent(home.productionId)}` };
    return { redirect: me.memberships.length === 0 ? '/productions/new' : '/productions' };
  }
  const last = lastProduction();
  const stopsFor = last && session.membership(last) ? last : undefined;
  if (path === '/productions') return { stopsFor, element: <ProductionListScreen /> };
  if (path === '/productions/new') return { stopsFor, element: <CreateProductionScreen /> };
  if (path === '/account') return { stopsFor, element: <AccountScreen /> };

  const home = match('/productions/:pid', path);
  const section = match('/productions/:pid/:section', path);
  const stop = match('/productions/:pid/stops/:sid', path);
  const firearm = match('/productions/:pid/armory/:fid', path);
  const concern = match('/productions/:pid/concerns/:cid', path);
  const person = match('/productions/:pid/members/:userId', path);
  const scheduled = match('/productions/:pid/schedule/:a', path) ?? match('/productions/:pid/schedule/:a/:b', path) ?? match('/productions/:pid/schedule/:a/:b/:c', path);
  const notebook =
    match('/productions/:pid/notebooks/:a', path) ?? match('/productions/:pid/notebooks/:a/:b', path) ?? match('/productions/:pid/notebooks/:a/:b/:c', path);
  const productionId = home?.pid ?? section?.pid ?? stop?.pid ?? firearm?.pid ?? concern?.pid ?? scheduled?.pid ?? person?.pid ?? notebook?.pid;
  if (productionId && session.membership(productionId)) {
    const at = (element: ReactNode) => ({ productionId, stopsFor: productionId, element });
    const lazyAt = (title: string, element: ReactNode, wide?: boolean) => at(<LazyPage title={title} wide={wide}>{element}</LazyPage>);
    if (home) return at(<ProductionHomeScreen productionId={productionId} />);
    if (stop) return at(<StopScreen productionId={productionId} stopId={stop.sid as string} />);
    if (firearm?.fid === 'live-round') return lazyAt(t('layout.titles.liveRound'), <LiveRoundScreen productionId={productionId} />);
    if (firearm?.fid === 'requests') return lazyAt(t('layout.titles.armorerRequests'), <RequestsScreen productionId={productionId} />);
    if (firearm?.fid === 'scenes') return lazyAt(t('layout.titles.firearmScenes'), <FirearmScenesScreen productionId={productionId} />, true);
    if (firearm) return lazyAt(t('layout.titles.firearm'), <FirearmScreen productionId={productionId} firearmId={firearm.fid as string} />, true);
    // A person's page is headed by their name, so it carries its own page.
    if (person) return at(<Lazy><MemberScreen productionId={productionId} userId={person.userId as string} /></Lazy>);
    if (concern?.cid === 'new') return lazyAt(t('layout.titles.reportConcern'), <ReportConcernScreen productionId={productionId} />);
    if (concern) return lazyAt(t('layout.titles.concern'), <ConcernScreen productionId={productionId} concernId={concern.cid as string} />);
    if (section?.section === 'concerns') return lazyAt(t('layout.titles.concerns'), <ConcernInboxScreen productionId={productionId} />);
    if (section?.section === 'escalation') return lazyAt(t('layout.titles.escalation'), <EscalationScreen productionId={productionId} />);
    if (section?.section === 'armory') return lazyAt(t('layout.titles.armory'), <ArmoryScreen productionId={productionId} />, true);
    if (section?.section === 'training') return lazyAt(t('layout.titles.training'), <TrainingScreen productionId={productionId} />);
    if (section?.section === 'stops') return at(<StopListScreen productionId={productionId} />);
    if (section?.section === 'members') return at(<MembersScreen productionId={productionId} />);
    if (section?.section === 'ledger') return lazyAt(t('layout.titles.ledger'), <LedgerScreen productionId={productionId} />, true);
    if (section?.section === 'set-code') return lazyAt(t('layout.titles.setCode'), <SetCodeScreen productionId={productionId} />);
    if (section?.section === 'today') return at(<Lazy><TodayScreen productionId={productionId} date={query.get('date')} /></Lazy>);
    if (section?.section === 'schedule') return at(<Lazy><ScheduleRoutes productionId={productionId} parts={[]} /></Lazy>);
    const daySheet = match('/productions/:pid/schedule/days/:did/call-sheet', path);
    if (daySheet) return at(<Lazy><CallSheetScreen productionId={productionId} dayId={daySheet.did as string} versionId={query.get('version')} /></Lazy>);
    if (section?.section === 'notebooks') return at(<Lazy><NotebookRoutes productionId={productionId} parts={[]} query={query} /></Lazy>);
    if (notebook) return at(<Lazy><NotebookRoutes productionId={productionId} parts={[notebook.a, notebook.b, notebook.c].filter((p): p is string => p !== undefined)} query={query} /></Lazy>);
    if (scheduled) return at(<Lazy><ScheduleRoutes productionId={productionId} parts={[scheduled.a, scheduled.b, scheduled.c].filter((p): p is string => p !== undefined)} /></Lazy>);
  }
  return { stopsFor, element: <NotFoundScreen /> };
}

function Unreachable({ detail, retry }: { detail: string; retry: () => void }) {
  const { t } = useTranslation();
  return (
    <Page title={t('layout.unreachable')}>
      <p className="lead" role="alert">
        {detail}
      </p>
      <button type="button" className="button button--primary" onClick={retry}>
        {t('common.tryAgain')}
      </button>
    </Page>
  );
}

function Routes() {
  const screen = useScreen();
  const productionId = 'productionId' in screen ? screen.productionId : undefined;
  const stopsFor = 'stopsFor' in screen ? screen.stopsFor : undefined;
  useLayoutEffect(() => {
    if (productionId) rememberProduction(productionId);
  }, [productionId]);
  // The layout stays mounted through a redirect, so focus still moves to the final page's heading.
  return (
    <Layout productionId={productionId} stopsFor={stopsFor}>
      {'redirect' in screen ? <Redirect to={screen.redirect} /> : screen.element}
    </Layout>
  );
}

export function App() {
  // Reading the language here renders the whole app again when it changes.
  const { t } = useTranslation();
  const { boot, retry } = useSession();
  const { path } = useLocation();
  if (boot.state === 'loading') {
    return (
      <div className="booting" role="status">
        {t('layout.loadingSetbook')}
      </div>
    );
  }
  // A call sheet opened before stays readable from the copy its page kept on this phone.
  const sheetLink = boot.state === 'unreachable' ? match('/call-sheet/:token', path) : null;
  if (sheetLink) {
    return (
      <Layout productionId={undefined} stopsFor={lastProduction() ?? undefined}>
        <Lazy>
          <RecipientSheetScreen token={sheetLink.token as string} />
        </Lazy>
      </Layout>
    );
  }
  if (boot.state === 'unreachable') {
    // Opened offline from the cached shell: the STOP button of the last production still works, through the outbox.
    return (
      <Layout productionId={undefined} stopsFor={lastProduction() ?? undefined}>
        <Unreachable detail={boot.problem.detail} retry={retry} />
      </Layout>
    );
  }
  return <Routes />;
}
