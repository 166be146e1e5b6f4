// The schedule at a glance: the shoot days in order with their calls, roster
// and what needs attention, every scene with its hazards and risk assessment
// (S5), the locations with their hospitals, and the rest agreement (S3). Each
// day carries its roster, hours and meeting one tap away.
import type { ReactNode } from 'react';
import type { Role } from '../../api.js';
import { Page } from '../../components/layout.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
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
  locationPath,
  meetingPath,
  pagesText,
  restPath,
  scenePath,
  sceneSlug,
  schedulePath,
  todayPath,
  useScheduleData,
  type Hazard,
  type ScheduleData,
  type ScheduleDay,
} from './shared.js';

function DayCard({ productionId, day, number, of, data, roles }: { productionId: string; day: ScheduleDay; number: number; of: number; data: ScheduleData; roles: readonly Role[] }) {
  const scenes = day.sceneIds.map((id) => data.sceneById(id)).filter((s) => s !== undefined);
  const tags = [...new Set(scenes.flatMap((s) => s.hazards))] as Hazard[];
  const firearms = tags.includes('firearms') || tags.includes('blanks');
  const armorer = day.duties.find((d) => d.duty === 'armorer');
  const unassessed = scenes.filter((s) => s.riskAssessment.status === 'stale' || (s.riskAssessment.status === 'missing' && s.hazards.length > 0));
  const eighths = scenes.reduce((sum, s) => sum + (s.eighths ?? 0), 0);
  const places = day.locationIds.map((id) => data.schedule.locations.find((l) => l.id === id)?.name).filter(Boolean);
  const where = places.length > 0 ? places.join(', ') : day.location;
  return (
    <li className="sched-card" aria-label={dateWords(day.date)}>
      <h3 className="sched-card-title">
        <Link href={dayPath(productionId, day.id)}>{dateWords(day.date, 'medium')}</Link>
      </h3>
      <p className="sched-card-sub">
        Day {number} of {of}
        {day.generalCall && ` · General call ${day.generalCall}`}
        {day.shootingCall && ` · Shooting call ${day.shootingCall}`}
      </p>
      {where && <p className="sched-card-line">{where}</p>}
      <p className="sched-card-line">
        {scenes.length === 0 ? 'No scenes yet' : `Scenes ${scenes.map((s) => s.number).join(', ')}`}
        {eighths > 0 && ` · ${pagesText(eighths)} pages`}
      </p>
      {tags.length > 0 && <HazardList hazards={tags} />}
      <ul className="sched-flags">
        {firearms && (
          <li className={armorer ? 'sched-flag' : 'sched-flag sched-flag--bad'}>{armorer ? `Armorer: ${data.nameOf(armorer.userId)}` : 'No armorer rostered (F1, F3)'}</li>
        )}
        {unassessed.length > 0 && (
          <li className="sched-flag sched-flag--bad">
            Risk assessment {unassessed.map((s) => `${s.riskAssessment.status} for scene ${s.number}`).join(', ')}
          </li>
        )}
      </ul>
      <div className="sched-card-actions">
        <Link className="button button--secondary" href={`${dayPath(productionId, day.id)}#roster`}>
          Roster
        </Link>
        {canReadHours(roles) && (
          <Link className="button button--secondary" href={hoursPath(productionId, day.id)}>
            Hours
          </Link>
        )}
        {canRecordMeeting(roles) && (
          <Link className="button button--secondary" href={meetingPath(productionId, day.id)}>
            Safety meeting
          </Link>
        )}
        <Link className="button button--secondary" href={todayPath(productionId, day.date)}>
          The day
        </Link>
      </div>
    </li>
  );
}

function Days({ productionId, data, roles }: { productionId: string; data: ScheduleData; roles: readonly Role[] }) {
  const days = [...data.schedule.shootDays].sort((a, b) => a.date.localeCompare(b.date));
  const today = localDate(new Date(), data.timezone);
  const coming = days.filter((d) => d.date >= today);
  const past = days.filter((d) => d.date < today);
  const card = (day: ScheduleDay) => <DayCard key={day.id} productionId={productionId} day={day} number={days.indexOf(day) + 1} of={days.length} data={data} roles={roles} />;
  return (
    <>
      {days.length === 0 && <p>No shoot days yet.</p>}
      {coming.length > 0 && <ol className="sched-cards">{coming.map(card)}</ol>}
      {days.length > 0 && coming.length === 0 && <p>Every shoot day is past.</p>}
      {past.length > 0 && (
        <details className="sched-past">
          <summary>Past days ({past.length})</summary>
          <ol className="sched-cards">{past.map(card)}</ol>
        </details>
      )}
    </>
  );
}

function Scenes({ productionId, data }: { productionId: string; data: ScheduleData }) {
  const scenes = [...data.schedule.scenes].sort((a, b) => a.number.localeCompare(b.number, undefined, { numeric: true }));
  if (scenes.length === 0) return <p>No scenes yet.</p>;
  return (
    <ul className="sched-cards">
      {scenes.map((scene) => {
        const day = data.schedule.shootDays.find((d) => d.sceneIds.includes(scene.id));
        const place = data.schedule.locations.find((l) => l.id === scene.locationId);
        return (
          <li key={scene.id} className="sched-card" aria-label={`Scene ${scene.number}`}>
            <h3 className="sched-card-title">
              <Link href={scenePath(productionId, scene.id)}>Scene {scene.number}</Link>
              <AssessmentMarker assessment={scene.riskAssessment} hazards={scene.hazards} />
            </h3>
            {sceneSlug(scene) && <p className="sched-card-sub">{sceneSlug(scene)}</p>}
            <p className="sched-card-line">{scene.description}</p>
            <HazardList hazards={scene.hazards} aimedAtPerson={scene.aimedAtPerson} />
            <p className="sched-card-sub">
              {[place?.name, day ? `Shot ${dateWords(day.date, 'short')}` : 'Not on a shoot day yet', scene.castIds.length > 0 && scene.castIds.map(data.nameOf).join(', ')]
                .filter(Boolean)
                .join(' · ')}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

function Places({ productionId, data }: { productionId: string; data: ScheduleData }) {
  const places = data.schedule.locations;
  if (places.length === 0) return <p>No locations yet.</p>;
  return (
    <ul className="sched-cards">
      {places.map((place) => (
        <li key={place.id} className="sched-card" aria-label={place.name}>
          <h3 className="sched-card-title">
            <Link href={locationPath(productionId, place.id)}>{place.name}</Link>
          </h3>
          {place.address && <p className="sched-card-line">{place.address}</p>}
          <p className="sched-card-sub">{place.hospital ? `Hospital: ${place.hospital.name}${place.hospital.driveMinutes !== undefined ? `, ${place.hospital.driveMinutes} min` : ''}` : 'No hospital recorded'}</p>
          <a className="sched-map" href={place.mapUrl} target="_blank" rel="noopener noreferrer">
            Map of {place.name}
          </a>
        </li>
      ))}
    </ul>
  );
}

function Section({ id, title, action, children }: { id: string; title: string; action?: { href: string; label: string } | false; children: ReactNode }) {
  return (
    <section className="sched-section" aria-labelledby={id}>
      <div className="sched-section-head">
        <h2 id={id}>{title}</h2>
        {action && (
          <Link className="button button--primary sched-new" href={action.href}>
            {action.label}
          </Link>
        )}
      </div>
      {children}
    </section>
  );
}

export function ScheduleScreen({ productionId }: { productionId: string }) {
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [data, reload] = useScheduleData(productionId);
  const planner = canPlan(roles);
  const base = schedulePath(productionId);
  return (
    <Page title="Schedule" wide>
      <nav className="sched-jump" aria-label="On this page">
        <a href="#days-heading">Shoot days</a>
        <a href="#scenes-heading">Scenes</a>
        <a href="#locations-heading">Locations</a>
        <Link href={restPath(productionId)}>Rest agreement</Link>
      </nav>
      <Loading resource={data} retry={reload} />
      {data.state === 'ready' && (
        <div className="sched-overview">
          <Section id="days-heading" title="Shoot days" action={planner && { href: `${base}/days/new`, label: 'New shoot day' }}>
            <Days productionId={productionId} data={data.data} roles={roles} />
          </Section>
          <Section id="scenes-heading" title="Scenes" action={planner && { href: `${base}/scenes/new`, label: 'New scene' }}>
            <Scenes productionId={productionId} data={data.data} />
          </Section>
          <Section id="locations-heading" title="Locations" action={planner && { href: `${base}/locations/new`, label: 'New location' }}>
            <Places productionId={productionId} data={data.data} />
          </Section>
          <Section id="rest-heading" title="Rest agreement (S3)">
            <p>
              The turnaround between a wrap and the next call, the weekly hours and the weekend rest that hours are checked against.{' '}
              <Link href={restPath(productionId)}>See the rest agreement</Link>
            </p>
          </Section>
        </div>
      )}
    </Page>
  );
}
