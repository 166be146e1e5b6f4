// The schedule at a glance: the shoot days in order with their calls, roster
// and what needs attention, every scene with its hazards and risk assessment
// (S5), the locations with their hospitals, and the rest agreement (S3). Each
// day carries its roster, hours and meeting one tap away.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
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
  pagesWords,
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
  const { t } = useTranslation();
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
        {t('schedule.dayOf', { number, of })}
        {day.generalCall && ` · ${t('schedule.generalCallAt', { time: day.generalCall })}`}
        {day.shootingCall && ` · ${t('schedule.shootingCallAt', { time: day.shootingCall })}`}
      </p>
      {where && <p className="sched-card-line">{where}</p>}
      <p className="sched-card-line">
        {scenes.length === 0 ? t('schedule.overview.noScenesYet') : t('schedule.overview.scenes', { count: scenes.length, numbers: scenes.map((s) => s.number).join(', ') })}
        {eighths > 0 && ` · ${pagesWords(eighths)}`}
      </p>
      {tags.length > 0 && <HazardList hazards={tags} />}
      <ul className="sched-flags">
        {firearms && (
          <li className={armorer ? 'sched-flag' : 'sched-flag sched-flag--bad'}>{armorer ? t('schedule.overview.armorer', { name: data.nameOf(armorer.userId) }) : t('schedule.overview.noArmorer')}</li>
        )}
        {unassessed.length > 0 && (
          <li className="sched-flag sched-flag--bad">
            {t('schedule.overview.unassessed', { list: unassessed.map((s) => t(s.riskAssessment.status === 'stale' ? 'schedule.overview.staleFor' : 'schedule.overview.missingFor', { number: s.number })).join(', ') })}
          </li>
        )}
      </ul>
      <div className="sched-card-actions">
        <Link className="button button--secondary" href={`${dayPath(productionId, day.id)}#roster`}>
          {t('schedule.overview.roster')}
        </Link>
        {canReadHours(roles) && (
          <Link className="button button--secondary" href={hoursPath(productionId, day.id)}>
            {t('schedule.hours.link')}
          </Link>
        )}
        {canRecordMeeting(roles) && (
          <Link className="button button--secondary" href={meetingPath(productionId, day.id)}>
            {t('schedule.meeting.title')}
          </Link>
        )}
        <Link className="button button--secondary" href={todayPath(productionId, day.date)}>
          {t('schedule.overview.theDay')}
        </Link>
      </div>
    </li>
  );
}

function Days({ productionId, data, roles }: { productionId: string; data: ScheduleData; roles: readonly Role[] }) {
  const { t } = useTranslation();
  const days = [...data.schedule.shootDays].sort((a, b) => a.date.localeCompare(b.date));
  const today = localDate(new Date(), data.timezone);
  const coming = days.filter((d) => d.date >= today);
  const past = days.filter((d) => d.date < today);
  const card = (day: ScheduleDay) => <DayCard key={day.id} productionId={productionId} day={day} number={days.indexOf(day) + 1} of={days.length} data={data} roles={roles} />;
  return (
    <>
      {days.length === 0 && <p>{t('schedule.overview.noDays')}</p>}
      {coming.length > 0 && <ol className="sched-cards">{coming.map(card)}</ol>}
      {days.length > 0 && coming.length === 0 && <p>{t('schedule.overview.allPast')}</p>}
      {past.length > 0 && (
        <details className="sched-past">
          <summary>{t('schedule.overview.pastDays', { count: past.length })}</summary>
          <ol className="sched-cards">{past.map(card)}</ol>
        </details>
      )}
    </>
  );
}

function Scenes({ productionId, data }: { productionId: string; data: ScheduleData }) {
  const { t } = useTranslation();
  const scenes = [...data.schedule.scenes].sort((a, b) => a.number.localeCompare(b.number, undefined, { numeric: true }));
  if (scenes.length === 0) return <p>{t('schedule.overview.noScenes')}</p>;
  return (
    <ul className="sched-cards">
      {scenes.map((scene) => {
        const day = data.schedule.shootDays.find((d) => d.sceneIds.includes(scene.id));
        const place = data.schedule.locations.find((l) => l.id === scene.locationId);
        return (
          <li key={scene.id} className="sched-card" aria-label={t('schedule.sceneNumber', { number: scene.number })}>
            <h3 className="sched-card-title">
              <Link href={scenePath(productionId, scene.id)}>{t('schedule.sceneNumber', { number: scene.number })}</Link>
              <AssessmentMarker assessment={scene.riskAssessment} hazards={scene.hazards} />
            </h3>
            {sceneSlug(scene) && <p className="sched-card-sub">{sceneSlug(scene)}</p>}
            <p className="sched-card-line">{scene.description}</p>
            <HazardList hazards={scene.hazards} aimedAtPerson={scene.aimedAtPerson} />
            <p className="sched-card-sub">
              {[place?.name, day ? t('schedule.overview.shot', { date: dateWords(day.date, 'short') }) : t('schedule.overview.notShot'), scene.castIds.length > 0 && scene.castIds.map(data.nameOf).join(', ')]
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
  const { t } = useTranslation();
  const places = data.schedule.locations;
  if (places.length === 0) return <p>{t('schedule.overview.noLocations')}</p>;
  return (
    <ul className="sched-cards">
      {places.map((place) => (
        <li key={place.id} className="sched-card" aria-label={place.name}>
          <h3 className="sched-card-title">
            <Link href={locationPath(productionId, place.id)}>{place.name}</Link>
          </h3>
          {place.address && <p className="sched-card-line">{place.address}</p>}
          <p className="sched-card-sub">{place.hospital
              ? place.hospital.driveMinutes !== undefined
                ? t('schedule.overview.hospitalMinutes', { name: place.hospital.name, count: place.hospital.driveMinutes })
                : t('schedule.overview.hospital', { name: place.hospital.name })
              : t('schedule.overview.noHospital')}</p>
          <a className="sched-map" href={place.mapUrl} target="_blank" rel="noopener noreferrer">
            {t('schedule.overview.mapOf', { place: place.name })}
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
  const { t } = useTranslation();
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [data, reload] = useScheduleData(productionId);
  const planner = canPlan(roles);
  const base = schedulePath(productionId);
  return (
    <Page title={t('schedule.overview.title')} wide>
      <nav className="sched-jump" aria-label={t('schedule.overview.onThisPage')}>
        <a href="#days-heading">{t('schedule.overview.days')}</a>
        <a href="#scenes-heading">{t('schedule.scenes')}</a>
        <a href="#locations-heading">{t('schedule.locations')}</a>
        <Link href={restPath(productionId)}>{t('schedule.rest.title')}</Link>
      </nav>
      <Loading resource={data} retry={reload} />
      {data.state === 'ready' && (
        <div className="sched-overview">
          <Section id="days-heading" title={t('schedule.overview.days')} action={planner && { href: `${base}/days/new`, label: t('schedule.day.new') }}>
            <Days productionId={productionId} data={data.data} roles={roles} />
          </Section>
          <Section id="scenes-heading" title={t('schedule.scenes')} action={planner && { href: `${base}/scenes/new`, label: t('schedule.scene.new') }}>
            <Scenes productionId={productionId} data={data.data} />
          </Section>
          <Section id="locations-heading" title={t('schedule.locations')} action={planner && { href: `${base}/locations/new`, label: t('schedule.location.new') }}>
            <Places productionId={productionId} data={data.data} />
          </Section>
          <Section id="rest-heading" title={t('schedule.overview.restTitle')}>
            <p>
              {t('schedule.overview.restText')} <Link href={restPath(productionId)}>{t('schedule.overview.seeRest')}</Link>
            </p>
          </Section>
        </div>
      )}
    </Page>
  );
}
