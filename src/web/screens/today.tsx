// Today: a person's day on one screen. Their call in the production's local
// time, the scenes in shooting order with their hazards and a risk assessment
// that is stale or missing standing out (S5), the safety meetings (F5), the
// armorer on duty (F1), whatever holds the set (S1 stops, the F11 hold), the
// locations with their hospitals, and the next shoot day.
import { useEffect } from 'react';
import { api, type Role } from '../api.js';
import { Page } from '../components/layout.js';
import { useLive } from '../live-provider.js';
import { roleLabels } from '../roles.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useResource } from '../use-resource.js';
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

const holdWords: Record<string, string> = {
  unintended_discharge: 'an unintended discharge',
  misfire: 'a misfire',
  live_round: 'a live round found on set',
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
  if (day.openStops.length === 0 && day.holds.length === 0) return null;
  const zone = day.timezone;
  return (
    <section className="panel panel--danger today-held" aria-labelledby="held-heading" role="alert">
      <h2 id="held-heading">{day.openStops.length > 0 ? 'Work is stopped' : 'Firearms are on hold'}</h2>
      <ul className="sched-list">
        {day.openStops.map((stop) => (
          <li key={stop.id}>
            <Link href={`${productionPath(productionId)}/stops/${encodeURIComponent(stop.id)}`}>
              Stop at {localTime(stop.raisedAt, zone)}
              {stop.location && ` at ${stop.location}`}
            </Link>
            {stop.reason && `: ${stop.reason}`}
          </li>
        ))}
        {day.holds.map((hold) => (
          <li key={hold.incidentId}>
            <Link href={`${productionPath(productionId)}/armory`}>Firearms hold since {localTime(hold.since, zone)}</Link>, after {holdWords[hold.kind] ?? 'an incident'}: no hand-off until a corrective action and a new safety meeting (F11).
          </li>
        ))}
      </ul>
    </section>
  );
}

function Call({ day }: { day: TodayAnswer }) {
  const shoot = day.shootDay!;
  const zone = day.timezone;
  const mine = day.myCall ? localTime(day.myCall, zone) : null;
  const ownDate = day.myCall ? localDate(new Date(day.myCall), zone) : null;
  return (
    <section className="today-call" aria-labelledby="call-heading">
      <h2 id="call-heading">Your call</h2>
      <p className="today-call-time">{mine ?? 'Not set yet'}</p>
      {mine && <p>{day.myCallIsOwn ? 'Your own call time' : 'The general call: no call of your own yet'}</p>}
      {ownDate && ownDate !== day.date && <p>on {dateWords(ownDate)}</p>}
      {day.myDuties.length > 0 && <p className="today-call-duty">You are rostered as {day.myDuties.map((d) => (d === 'props' ? 'props' : roleLabels[d])).join(' and ')}.</p>}
      <p className="today-call-sub">
        {shoot.generalCall ? `General call ${shoot.generalCall}` : 'No general call yet'}
        {shoot.shootingCall && ` · Shooting call ${shoot.shootingCall}`}
        {` · ${zone.replaceAll('_', ' ')} time`}
      </p>
    </section>
  );
}

function Scenes({ productionId, day, nameOf }: { productionId: string; day: TodayAnswer; nameOf: (userId: string) => string }) {
  return (
    <section aria-labelledby="scenes-heading">
      <h2 id="scenes-heading">Scenes, in order</h2>
      {day.scenes.length === 0 ? (
        <p>No scenes on this day yet.</p>
      ) : (
        <ol className="today-scenes">
          {day.scenes.map((scene) => (
            <li key={scene.id} className={`today-scene${scene.hazards.length > 0 ? ' today-scene--hazard' : ''}`} aria-label={`Scene ${scene.number}`}>
              <div className="today-scene-head">
                <Link className="today-scene-number" href={scenePath(productionId, scene.id)}>
                  Scene {scene.number}
                </Link>
                <span className="today-scene-slug">{sceneSlug(scene)}</span>
              </div>
              <p className="today-scene-what">{scene.description}</p>
              <HazardList hazards={scene.hazards} aimedAtPerson={scene.aimedAtPerson} />
              <AssessmentMarker assessment={scene.riskAssessment} hazards={scene.hazards} reason />
              {scene.castIds.length > 0 && <p className="sched-card-sub">Cast: {scene.castIds.map(nameOf).join(', ')}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Safety({ productionId, day, roles }: { productionId: string; day: TodayAnswer; roles: readonly Role[] }) {
  const shoot = day.shootDay!;
  const firearms = day.hazards.includes('firearms') || day.hazards.includes('blanks');
  const numberOf = (sceneId: string) => day.scenes.find((s) => s.id === sceneId)?.number ?? '?';
  return (
    <section className="panel today-safety" aria-labelledby="safety-heading">
      <h2 id="safety-heading">Safety</h2>
      <div className="today-fact">
        <span className="today-fact-term">Hazards</span>
        <HazardList hazards={day.hazards} />
      </div>
      <div className="today-fact">
        <span className="today-fact-term">Armorer on duty</span>
        {day.armorerOnDuty ? (
          <strong>{day.armorerOnDuty.name}</strong>
        ) : firearms ? (
          <strong className="today-bad">Nobody rostered: no firearm leaves storage (F1)</strong>
        ) : (
          <span>None needed: no firearm scenes</span>
        )}
      </div>
      <h3>Safety meetings</h3>
      {day.meetings.length === 0 ? (
        <p className={firearms ? 'today-bad' : undefined}>{firearms ? 'None recorded yet: no firearm is handed off before one (F5).' : 'None recorded.'}</p>
      ) : (
        <ul className="sched-list">
          {day.meetings.map((m) => (
            <li key={m.id}>
              {localTime(m.heldAt, day.timezone)}: {scenesText(m.sceneIds.map(numberOf))}
              {m.walkthrough ? ', walked through' : ', no walk-through'}
            </li>
          ))}
        </ul>
      )}
      {canRecordMeeting(roles) && (
        <Link className="button button--primary today-meeting" href={meetingPath(productionId, shoot.id)}>
          Mark meeting done
        </Link>
      )}
    </section>
  );
}

function DayScreenBody({ productionId, day, members, roles }: { productionId: string; day: TodayAnswer; members: readonly Member[]; roles: readonly Role[] }) {
  const nameOf = (userId: string) => members.find((m) => m.userId === userId)?.name ?? 'someone';
  const shoot = day.shootDay;
  if (!shoot) {
    return (
      <>
        <SetHeld productionId={productionId} day={day} />
        <p className="lead">No shoot day on {dateWords(day.date)}.</p>
        {canPlan(roles) && (
          <p>
            <Link className="button button--primary" href={`${schedulePath(productionId)}/days/new`}>
              Plan a shoot day
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
              <h2 id="notes-heading">Notes</h2>
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
              <h2 id="where-heading">Where</h2>
              <p>{shoot.location}</p>
            </section>
          )}
          {(canPlan(roles) || canReadHours(roles)) && (
            <nav className="sched-card-actions" aria-label="Run the day">
              {canPlan(roles) && (
                <Link className="button button--secondary" href={`${dayPath(productionId, shoot.id)}#roster`}>
                  Roster and scene order
                </Link>
              )}
              {canReadHours(roles) && (
                <Link className="button button--secondary" href={hoursPath(productionId, shoot.id)}>
                  Hours
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
  const today = localDate(new Date(), day.timezone);
  return (
    <section className="today-next" aria-labelledby="next-heading">
      <h2 id="next-heading">Next shoot day</h2>
      {day.next ? (
        <Link className="card-link" href={todayPath(productionId, day.next.date)}>
          <span className="card-title">{dateWords(day.next.date)}</span>
          <span className="card-sub">Its calls, scenes and hazards</span>
        </Link>
      ) : (
        <p>None on the schedule after this one.</p>
      )}
      {day.date !== today && (
        <p>
          <Link href={todayPath(productionId)}>Back to today</Link>
        </p>
      )}
    </section>
  );
}

export function TodayScreen({ productionId, date }: { productionId: string; date: string | null }) {
  const { membership } = useSession();
  const mine = membership(productionId);
  const asked = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
  const [day, reload] = useResource(`${productionId}/today/${asked ?? ''}`, () => api.today(productionId, asked));
  const [members] = useResource(`${productionId}/members`, () => api.members(productionId));
  useFreshDay(reload);
  const roles = mine?.roles ?? [];
  const isToday = day.state === 'ready' && day.data.date === localDate(new Date(), day.data.timezone);
  const title = asked && day.state === 'ready' && !isToday ? dateWords(day.data.date) : 'Today';
  return (
    <Page title={title} wide>
      {day.state === 'ready' && (
        <p className="lead">
          {isToday ? dateWords(day.data.date) : day.data.date > localDate(new Date(), day.data.timezone) ? 'A day ahead' : 'A past day'}
          {mine && ` · ${mine.productionName}`}
        </p>
      )}
      <Loading resource={day} retry={reload} />
      {day.state === 'ready' && <DayScreenBody productionId={productionId} day={day.data} members={members.state === 'ready' ? members.data.members : []} roles={roles} />}
    </Page>
  );
}
