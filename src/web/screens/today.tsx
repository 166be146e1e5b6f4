// Today: a person's day on one screen. Their call in the production's local
// time, the scenes in shooting order with their hazards and a risk assessment
// that is stale or missing standing out (S5), the safety meetings (F5), the
// armorer on duty (F1), whatever holds the set (S1 stops, the F11 hold), the
// locations with their hospitals, and the next shoot day.
import { useEffect } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api, type Role } from '../api.js';
import { Page } from '../components/layout.js';
import { useLive } from '../live-provider.js';
import { intlLocale } from '../i18n.js';
import { rolesText } from '../roles.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useResource } from '../use-resource.js';
import { OfflineBanner, oldestSeen } from '../components/offline-banner.js';
import { crewToKeep } from '../last-seen.js';
import { CallSheetCard } from './call-sheet/today-card.js';
import {
  AssessmentMarker,
  canPlan,
  canReadHours,
  canRecordMeeting,
  dateWords,
  dayPath,
  HazardList,
  hoursPath,
  Loading,
  localDate,
  localTime,
  meetingPath,
  PlaceFacts,
  productionPath,
  scenePath,
  sceneSlug,
  schedulePath,
  scenesText,
  todayPath,
  type Member,
  type TodayAnswer,
} from './schedule/shared.js';

/** The line for a firearms hold, by what it followed: each a whole sentence, so each language orders its own words. */
const holdKeys: Record<string, string> = {
  unintended_discharge: 'today.held.holdAfterDischarge',
  misfire: 'today.held.holdAfterMisfire',
  live_round: 'today.held.holdAfterLiveRound',
};

/** Reads the day again when the set changes (a stop, a hold, a reconnect), when the phone is picked up, and every minute. */
function useFreshDay(reload: () => void): void {
  const listen = useLive()?.listen;
  useEffect(
    () =>
      listen?.((signal) => {
        if (signal.type === 'open' || signal.type === 'stop.raised' || signal.type === 'stop.lifted' || signal.type === 'armory.hold' || signal.type === 'alert') reload();
      }),
    [listen, reload],
  );
  useEffect(() => {
    const visible = () => {
      if (document.visibilityState === 'visible') reload();
    };
    document.addEventListener('visibilitychange', visible);
    const timer = setInterval(visible, 60_000);
    return () => {
      document.removeEventListener('visibilitychange', visible);
      clearInterval(timer);
    };
  }, [reload]);
}

function SetHeld({ productionId, day }: { productionId: string; day: TodayAnswer }) {
  const { t } = useTranslation();
  if (day.openStops.length === 0 && day.holds.length === 0) return null;
  const zone = day.timezone;
  return (
    <section className="panel panel--danger today-held" aria-labelledby="held-heading" role="alert">
      <h2 id="held-heading">{day.openStops.length > 0 ? t('today.held.stopped') : t('today.held.onHold')}</h2>
      <ul className="sched-list">
        {day.openStops.map((stop) => (
          <li key={stop.id}>
            <Link href={`${productionPath(productionId)}/stops/${encodeURIComponent(stop.id)}`}>
              {stop.location
                ? t('today.held.stopAt', { time: localTime(stop.raisedAt, zone), location: stop.location })
                : t('today.held.stop', { time: localTime(stop.raisedAt, zone) })}
            </Link>
            {stop.reason && `: ${stop.reason}`}
          </li>
        ))}
        {day.holds.map((hold) => (
          <li key={hold.incidentId}>
            <Trans
              i18nKey={holdKeys[hold.kind] ?? 'today.held.holdAfterIncident'}
              values={{ time: localTime(hold.since, zone) }}
              components={{ go: <Link href={`${productionPath(productionId)}/armory`} /> }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Call({ day }: { day: TodayAnswer }) {
  const { t } = useTranslation();
  const shoot = day.shootDay!;
  const zone = day.timezone;
  const mine = day.myCall ? localTime(day.myCall, zone) : null;
  const ownDate = day.myCall ? localDate(new Date(day.myCall), zone) : null;
  return (
    <section className="today-call" aria-labelledby="call-heading">
      <h2 id="call-heading">{t('today.call.heading')}</h2>
      <p className="today-call-time">{mine ?? t('today.call.notSet')}</p>
      {mine && <p>{day.myCallIsOwn ? t('today.call.own') : t('today.call.general')}</p>}
      {ownDate && ownDate !== day.date && <p>{t('today.call.onDate', { date: dateWords(ownDate) })}</p>}
      {day.myDuties.length > 0 && (
        <p className="today-call-duty">
          {t('today.call.rostered', {
            duties: new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(day.myDuties.map((d) => (d === 'props' ? t('today.call.props') : rolesText([d])))),
          })}
        </p>
      )}
      <p className="today-call-sub">
        {[
          shoot.generalCall ? t('today.call.generalCall', { time: shoot.generalCall }) : t('today.call.noGeneralCall'),
          shoot.shootingCall && t('today.call.shootingCall', { time: shoot.shootingCall }),
          t('today.call.zone', { zone: zone.replaceAll('_', ' ') }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
    </section>
  );
}

function Scenes({ productionId, day, nameOf }: { productionId: string; day: TodayAnswer; nameOf: (userId: string) => string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="scenes-heading">
      <h2 id="scenes-heading">{t('today.scenes.heading')}</h2>
      {day.scenes.length === 0 ? (
        <p>{t('today.scenes.none')}</p>
      ) : (
        <ol className="today-scenes">
          {day.scenes.map((scene) => (
            <li key={scene.id} className={`today-scene${scene.hazards.length > 0 ? ' today-scene--hazard' : ''}`} aria-label={t('today.scenes.scene', { number: scene.number })}>
              <div className="today-scene-head">
                <Link className="today-scene-number" href={scenePath(productionId, scene.id)}>
                  {t('today.scenes.scene', { number: scene.number })}
                </Link>
                <span className="today-scene-slug">{sceneSlug(scene)}</span>
              </div>
              <p className="today-scene-what">{scene.description}</p>
              <HazardList hazards={scene.hazards} aimedAtPerson={scene.aimedAtPerson} />
              <AssessmentMarker assessment={scene.riskAssessment} hazards={scene.hazards} reason />
              {scene.castIds.length > 0 && <p className="sched-card-sub">{t('today.scenes.cast', { names: scene.castIds.map(nameOf).join(', ') })}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Safety({ productionId, day, roles }: { productionId: string; day: TodayAnswer; roles: readonly Role[] }) {
  const { t } = useTranslation();
  const shoot = day.shootDay!;
  const firearms = day.hazards.includes('firearms') || day.hazards.includes('blanks');
  const numberOf = (sceneId: string) => day.scenes.find((s) => s.id === sceneId)?.number ?? '?';
  return (
    <section className="panel today-safety" aria-labelledby="safety-heading">
      <h2 id="safety-heading">{t('today.safety.heading')}</h2>
      <div className="today-fact">
        <span className="today-fact-term">{t('today.safety.hazards')}</span>
        <HazardList hazards={day.hazards} />
      </div>
      <div className="today-fact">
        <span className="today-fact-term">{t('today.safety.armorer')}</span>
        {day.armorerOnDuty ? (
          <strong>{day.armorerOnDuty.name}</strong>
        ) : firearms ? (
          <strong className="today-bad">{t('today.safety.noArmorer')}</strong>
        ) : (
          <span>{t('today.safety.noArmorerNeeded')}</span>
        )}
      </div>
      <h3>{t('today.safety.meetings')}</h3>
      {day.meetings.length === 0 ? (
        <p className={firearms ? 'today-bad' : undefined}>{firearms ? t('today.safety.noMeetingFirearms') : t('today.safety.noMeeting')}</p>
      ) : (
        <ul className="sched-list">
          {day.meetings.map((m) => {
            const values = { time: localTime(m.heldAt, day.timezone), scenes: scenesText(m.sceneIds.map(numberOf)) };
            return <li key={m.id}>{m.walkthrough ? t('today.safety.meetingWalked', values) : t('today.safety.meetingNoWalk', values)}</li>;
          })}
        </ul>
      )}
      {canRecordMeeting(roles) && (
        <Link className="button button--primary today-meeting" href={meetingPath(productionId, shoot.id)}>
          {t('today.safety.markDone')}
        </Link>
      )}
    </section>
  );
}

function DayScreenBody({ productionId, day, members, roles }: { productionId: string; day: TodayAnswer; members: readonly Member[]; roles: readonly Role[] }) {
  const { t } = useTranslation();
  const nameOf = (userId: string) => members.find((m) => m.userId === userId)?.name ?? t('today.someone');
  const shoot = day.shootDay;
  if (!shoot) {
    return (
      <>
        <SetHeld productionId={productionId} day={day} />
        <p className="lead">{t('today.noShootDay', { date: dateWords(day.date) })}</p>
        {canPlan(roles) && (
          <p>
            <Link className="button button--primary" href={`${schedulePath(productionId)}/days/new`}>
              {t('today.planDay')}
            </Link>
          </p>
        )}
        <Next productionId={productionId} day={day} />
      </>
    );
  }
  return (
    <>
      <SetHeld productionId={productionId} day={day} />
      <div className="today-grid">
        <div className="today-main">
          <Call day={day} />
          <CallSheetCard productionId={productionId} day={day} roles={roles} />
          <Scenes productionId={productionId} day={day} nameOf={nameOf} />
          {shoot.notes && (
            <section aria-labelledby="notes-heading">
              <h2 id="notes-heading">{t('today.notes')}</h2>
              <p className="prose-text">{shoot.notes}</p>
            </section>
          )}
        </div>
        <div className="today-side">
          <Safety productionId={productionId} day={day} roles={roles} />
          {day.locations.map((place) => (
            <section key={place.id} className="panel" aria-label={place.name}>
              <h2>{place.name}</h2>
              <PlaceFacts place={place} />
            </section>
          ))}
          {day.locations.length === 0 && shoot.location && (
            <section className="panel" aria-labelledby="where-heading">
              <h2 id="where-heading">{t('today.where')}</h2>
              <p>{shoot.location}</p>
            </section>
          )}
          {(canPlan(roles) || canReadHours(roles)) && (
            <nav className="sched-card-actions" aria-label={t('today.runDay')}>
              {canPlan(roles) && (
                <Link className="button button--secondary" href={`${dayPath(productionId, shoot.id)}#roster`}>
                  {t('today.roster')}
                </Link>
              )}
              {canReadHours(roles) && (
                <Link className="button button--secondary" href={hoursPath(productionId, shoot.id)}>
                  {t('today.hours')}
                </Link>
              )}
            </nav>
          )}
          <Next productionId={productionId} day={day} />
        </div>
      </div>
    </>
  );
}

function Next({ productionId, day }: { productionId: string; day: TodayAnswer }) {
  const { t } = useTranslation();
  const today = localDate(new Date(), day.timezone);
  return (
    <section className="today-next" aria-labelledby="next-heading">
      <h2 id="next-heading">{t('today.next.heading')}</h2>
      {day.next ? (
        <Link className="card-link" href={todayPath(productionId, day.next.date)}>
          <span className="card-title">{dateWords(day.next.date)}</span>
          <span className="card-sub">{t('today.next.sub')}</span>
        </Link>
      ) : (
        <p>{t('today.next.none')}</p>
      )}
      {day.date !== today && (
        <p>
          <Link href={todayPath(productionId)}>{t('today.next.backToToday')}</Link>
        </p>
      )}
    </section>
  );
}

export function TodayScreen({ productionId, date }: { productionId: string; date: string | null }) {
  const { t } = useTranslation();
  const { membership } = useSession();
  const mine = membership(productionId);
  const asked = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
  const [day, reload] = useResource(`${productionId}/today/${asked ?? ''}`, () => api.today(productionId, asked), { remember: { productionId } });
  const [members] = useResource(`${productionId}/members`, () => api.members(productionId), { remember: { productionId, keep: crewToKeep } });
  useFreshDay(reload);
  const roles = mine?.roles ?? [];
  const isToday = day.state === 'ready' && day.data.date === localDate(new Date(), day.data.timezone);
  const title = asked && day.state === 'ready' && !isToday ? dateWords(day.data.date) : t('today.title');
  return (
    <Page title={title} wide>
      {day.state === 'ready' && (
        <p className="lead">
          {isToday ? dateWords(day.data.date) : day.data.date > localDate(new Date(), day.data.timezone) ? t('today.ahead') : t('today.past')}
          {mine && ` · ${mine.productionName}`}
        </p>
      )}
      <OfflineBanner seenAt={oldestSeen([day, members])} timeZone={day.state === 'ready' ? day.data.timezone : undefined} />
      <Loading resource={day} retry={reload} />
      {day.state === 'ready' && <DayScreenBody productionId={productionId} day={day.data} members={members.state === 'ready' ? members.data.members : []} roles={roles} />}
    </Page>
  );
}
