// What the schedule's screens and Today share: the schedule, crew and
// production read together, the words the set uses for hazards, pages and
// duties, wall-clock times in the production's zone, the risk-assessment
// marker every scene carries (S5), and panels that bring a problem into view.
import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiResult, type Problem, type Role } from '../../api.js';
import { intlLocale, t } from '../../i18n.js';
import { crewToKeep } from '../../last-seen.js';
import { rolesText } from '../../roles.js';
import { useResource, type Resource } from '../../use-resource.js';

export { addDays, instantOf, localDate, localTime } from '../../../domain/schedule/calendar.js';

type Ok<F extends (...args: never[]) => Promise<ApiResult<unknown>>> = Extract<Awaited<ReturnType<F>>, { ok: true }>['data'];

export type Schedule = Ok<typeof api.schedule>;
export type ScheduleScene = Schedule['scenes'][number];
export type ScheduleDay = Schedule['shootDays'][number];
export type Place = Schedule['locations'][number];
export type Member = Ok<typeof api.members>['members'][number];
export type TodayAnswer = Ok<typeof api.today>;
export type Hazard = ScheduleScene['hazards'][number];
export type Duty = ScheduleDay['duties'][number]['duty'];
export type IntExt = NonNullable<ScheduleScene['intExt']>;
export type TimeOfDay = NonNullable<ScheduleScene['timeOfDay']>;
export type Assessment = ScheduleScene['riskAssessment'];

/**
 * Labels read from the catalogue each time one is looked up, so a table built
 * once at load still speaks the language chosen since.
 */
function liveLabels<K extends string>(keys: readonly K[], label: (key: K) => string): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of keys) Object.defineProperty(out, key, { enumerable: true, get: () => label(key) });
  return out;
}

export const hazards: readonly Hazard[] = ['firearms', 'blanks', 'stunts', 'pyro', 'vehicles', 'animals', 'water', 'heights', 'aerial'];
export const hazardLabels = liveLabels(hazards, (hazard) => t(`schedule.hazard.${hazard}`));

export const intExtChoices: readonly IntExt[] = ['INT', 'EXT', 'INT/EXT'];
export const timeOfDayLabels = liveLabels<TimeOfDay>(['day', 'night', 'dawn', 'dusk'], (time) => t(`schedule.timeOfDay.${time}`));

/** The duties in the order a roster lists them: the armorer first, whose day the F rules watch. */
export const duties: readonly Duty[] = ['armorer', 'first_ad', 'safety_advisor', 'medic', 'props', 'property_master', 'performer', 'upm', 'producer', 'department_head', 'crew'];
export const dutyLabels = liveLabels(duties, (duty) => (duty === 'props' ? t('schedule.duty.props') : rolesText([duty])));

const some = (roles: readonly Role[], allowed: readonly Role[]) => roles.some((role) => allowed.includes(role));
/** schedule.write: scenes, days, locations, rosters. */
export const canPlan = (roles: readonly Role[]) => some(roles, ['first_ad', 'upm', 'producer']);
/** risk.assess (S5). */
export const canAssess = (roles: readonly Role[]) => some(roles, ['safety_advisor', 'first_ad']);
/** hours.record (S3). */
export const canRecordHours = (roles: readonly Role[]) => some(roles, ['first_ad', 'upm']);
/** hours.read. */
export const canReadHours = (roles: readonly Role[]) => some(roles, ['first_ad', 'upm', 'producer', 'safety_advisor']);
/** meetings.record (F5). */
export const canRecordMeeting = (roles: readonly Role[]) => some(roles, ['first_ad', 'safety_advisor', 'armorer']);
/** settings.configure: the rest agreement is the safety advisor's and the producer's together. */
export const canAgree = (roles: readonly Role[]) => some(roles, ['safety_advisor', 'producer']);

const enc = encodeURIComponent;
export const productionPath = (pid: string) => `/productions/${enc(pid)}`;
export const schedulePath = (pid: string) => `${productionPath(pid)}/schedule`;
export const scenePath = (pid: string, sid: string) => `${schedulePath(pid)}/scenes/${enc(sid)}`;
export const dayPath = (pid: string, did: string) => `${schedulePath(pid)}/days/${enc(did)}`;
export const hoursPath = (pid: string, did: string) => `${dayPath(pid, did)}/hours`;
export const meetingPath = (pid: string, did: string) => `${dayPath(pid, did)}/meeting`;
export const locationPath = (pid: string, lid: string) => `${schedulePath(pid)}/locations/${enc(lid)}`;
export const restPath = (pid: string) => `${schedulePath(pid)}/rest`;
export const todayPath = (pid: string, date?: string) => `${productionPath(pid)}/today${date ? `?date=${enc(date)}` : ''}`;

const dateStyles: Record<'long' | 'medium' | 'short', Intl.DateTimeFormatOptions> = {
  long: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  medium: { weekday: 'long', day: 'numeric', month: 'long' },
  short: { weekday: 'short', day: 'numeric', month: 'short' },
};

/** "Thursday, December 3, 2026" (long), "Thursday, December 3" (medium), "Thu, Dec 3" (short): a calendar date in the reader's words. */
export function dateWords(date: string, style: keyof typeof dateStyles = 'long'): string {
  const at = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return date;
  return at.toLocaleDateString(intlLocale(), { ...dateStyles[style], timeZone: 'UTC' });
}

/** "scene 42" or "scenes 41, 42". */
export function scenesText(numbers: readonly string[]): string {
  return t('schedule.scenesText', { count: numbers.length, numbers: numbers.join(', ') });
}

/** Pages as a script supervisor writes them: 11 eighths is "1 3/8", 4 is "4/8". */
export function pagesText(eighths: number | null): string {
  if (eighths === null) return '';
  const whole = Math.floor(eighths / 8);
  const rest = eighths % 8;
  return [whole > 0 ? String(whole) : '', rest > 0 ? `${rest}/8` : ''].filter(Boolean).join(' ');
}

/** Reads "1 3/8", "3/8" or "2" back into eighths; null when empty, undefined when it is not a length. */
export function parsePages(value: string): number | null | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const found = /^(?:(\d{1,3})(?:\s+|$))?(?:([1-7])\s*\/\s*8)?$/.exec(trimmed);
  if (!found || (found[1] === undefined && found[2] === undefined)) return undefined;
  const eighths = Number(found[1] ?? 0) * 8 + Number(found[2] ?? 0);
  return eighths >= 1 && eighths <= 800 ? eighths : undefined;
}

/** "4/8 page", "1 3/8 pages": a length counted by the whole pages it reaches into. */
export function pagesWords(eighths: number): string {
  return t('schedule.pages', { count: Math.ceil(eighths / 8), pages: pagesText(eighths) });
}

/** The scene's heading words: "INT · Night · 1 3/8 pages". */
export function sceneSlug(scene: Pick<ScheduleScene, 'intExt' | 'timeOfDay' | 'eighths'>): string {
  const pages = pagesText(scene.eighths);
  return [scene.intExt, scene.timeOfDay ? timeOfDayLabels[scene.timeOfDay] : '', pages ? pagesWords(scene.eighths!) : '']
    .filter(Boolean)
    .join(' · ');
}

/** The schedule, the crew and the production, read together: what every schedule screen names things with. */
export interface ScheduleData {
  schedule: Schedule;
  members: Member[];
  timezone: string;
  productionName: string;
  nameOf(userId: string): string;
  sceneById(sceneId: string): ScheduleScene | undefined;
}

/** The lookups on the schedule and the crew: built again when the data comes from this phone's copy, as JSON keeps no functions. */
function withLookups(data: Omit<ScheduleData, 'nameOf' | 'sceneById'>): ScheduleData {
  const { schedule, members: crew } = data;
  return {
    ...data,
    nameOf: (userId) => crew.find((m) => m.userId === userId)?.name ?? t('schedule.someoneGone'),
    sceneById: (sceneId) => schedule.scenes.find((s) => s.id === sceneId),
  };
}

/** With `remember`, offline it answers what this phone last saw, marked `seenAt`: the caller shows the OfflineBanner. */
export function useScheduleData(productionId: string, remember = false): [Resource<ScheduleData>, () => void] {
  const load = async (): Promise<ApiResult<ScheduleData>> => {
    const [schedule, members, production] = await Promise.all([api.schedule(productionId), api.members(productionId), api.production(productionId)]);
    if (!schedule.ok) return schedule;
    if (!members.ok) return members;
    if (!production.ok) return production;
    return {
      ok: true,
      data: withLookups({
        schedule: schedule.data,
        members: members.data.members,
        timezone: production.data.production.timezone,
        productionName: production.data.production.name,
      }),
    };
  };
  return useResource(`${productionId}/schedule-data`, load, remember ? { remember: { productionId, keep: crewToKeep, revive: withLookups } } : {});
}

/** Loading and failure lines for a resource, with a way to try again. */
export function Loading({ resource, retry }: { resource: Resource<unknown>; retry: () => void }) {
  const { t } = useTranslation();
  if (resource.state === 'loading') return <p role="status">{t('schedule.loading')}</p>;
  if (resource.state === 'failed') {
    return (
      <div className="sched-problem" role="alert">
        <p>{resource.problem.detail}</p>
        <button type="button" className="button button--secondary" onClick={retry}>
          {t('schedule.tryAgain')}
        </button>
      </div>
    );
  }
  return null;
}

/** A scene's risk assessment as every screen that shows the scene shows it (S5): missing or stale stands out; none needed without hazards. */
export function AssessmentMarker({ assessment, hazards: tags, showCurrent = false, reason = false }: { assessment: Assessment; hazards: readonly Hazard[]; showCurrent?: boolean; reason?: boolean }) {
  const { t } = useTranslation();
  if (assessment.status === 'missing') {
    if (tags.length === 0) return null;
    return <span className="sched-ra sched-ra--missing">{t('schedule.ra.missing')}</span>;
  }
  if (assessment.status === 'stale') {
    return (
      <span className="sched-ra sched-ra--stale">
        {reason && assessment.staleBecause ? t('schedule.ra.staleBecause', { reason: assessment.staleBecause }) : t('schedule.ra.stale')}
      </span>
    );
  }
  return showCurrent ? <span className="sched-ra sched-ra--current">{t('schedule.ra.current')}</span> : null;
}

/** The marker in words, for places that take text only (a select's options, a checklist's note). */
export function assessmentWords(assessment: Assessment, tags: readonly Hazard[]): string {
  if (assessment.status === 'stale') return t('schedule.ra.staleWords');
  return assessment.status === 'missing' && tags.length > 0 ? t('schedule.ra.missingWords') : '';
}

export function HazardList({ hazards: tags, aimedAtPerson }: { hazards: readonly Hazard[]; aimedAtPerson?: boolean }) {
  const { t } = useTranslation();
  if (tags.length === 0 && !aimedAtPerson) return <span className="sched-none">{t('schedule.noHazards')}</span>;
  return (
    <ul className="sched-hazards" aria-label={t('schedule.hazards')}>
      {tags.map((hazard) => (
        <li key={hazard} className={`sched-hazard${hazard === 'firearms' || hazard === 'blanks' ? ' sched-hazard--firearms' : ''}`}>
          {hazardLabels[hazard]}
        </li>
      ))}
      {aimedAtPerson && <li className="sched-hazard sched-hazard--firearms">{t('schedule.aimedAtPerson')}</li>}
    </ul>
  );
}

/**
 * Scrolls a problem into view and moves focus to it: on a phone a refusal at
 * the top of a long form would otherwise sit above the screen. A field the
 * form already focused (it is invalid) keeps the focus.
 */
export function useProblemInView(container: RefObject<HTMLElement | null>, problem: Problem | null): void {
  useEffect(() => {
    if (!problem) return;
    const active = document.activeElement;
    const box = container.current;
    if (box && active instanceof HTMLElement && active.getAttribute('aria-invalid') === 'true' && box.contains(active)) {
      active.scrollIntoView({ block: 'center' });
      return;
    }
    const shown = box?.querySelector<HTMLElement>('.form-error, [data-problem]');
    if (!shown) return;
    shown.tabIndex = -1;
    shown.scrollIntoView({ block: 'center' });
    shown.focus({ preventScroll: true });
  }, [problem, container]);
}

export interface RuleAlert {
  rule: string;
  text: string;
}

/** Alerts a save raised (F2, F3, S3): announced, scrolled into view and focused, never a quiet footnote. */
export function AlertPanel({ title, alerts, round }: { title: string; alerts: readonly RuleAlert[]; round: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (round === 0 || alerts.length === 0) return;
    ref.current?.scrollIntoView({ block: 'center' });
    ref.current?.focus({ preventScroll: true });
  }, [round, alerts.length]);
  return (
    <div ref={ref} className={alerts.length > 0 ? 'sched-alerts' : undefined} role="alert" tabIndex={-1}>
      {alerts.length > 0 && (
        <>
          <p className="sched-alerts-title">{title}</p>
          <ul className="refusals">
            {alerts.map((alert, i) => (
              <li key={i}>
                <span className="rule">{alert.rule}</span> {alert.text}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

interface Choice {
  value: string;
  label: string;
  sub?: string;
}

/** A group of checkboxes with their starting state, for forms that edit what is there. */
export function CheckGroup({
  name,
  legend,
  hint,
  choices,
  checked,
  error,
  compact,
  onChange,
}: {
  name: string;
  legend: string;
  hint?: string;
  choices: readonly Choice[];
  checked?: readonly string[];
  error?: string | undefined;
  /** short labels (hazards): two or more to a row even on a phone */
  compact?: boolean;
  onChange?: (values: string[]) => void;
}) {
  const id = useId();
  return (
    <fieldset className={`choices sched-checks${compact ? ' sched-checks--compact' : ''}${error ? ' field--invalid' : ''}`} aria-describedby={[hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined} aria-invalid={error ? true : undefined} tabIndex={error ? -1 : undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="choices-grid">
        {choices.map((choice) => (
          <label key={choice.value} className="choice">
            <input
              type="checkbox"
              name={name}
              value={choice.value}
              defaultChecked={checked?.includes(choice.value)}
              onChange={onChange ? (event) => onChange(checkedValues(event.currentTarget.form, name)) : undefined}
            />
            <span>
              {choice.label}
              {choice.sub && <span className="choice-sub"> {choice.sub}</span>}
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** One of a few, as big tiles (radio buttons underneath), with the value there is now chosen. */
export function TileGroup({ name, legend, choices, chosen, error }: { name: string; legend: string; choices: readonly Choice[]; chosen?: string | null; error?: string | undefined }) {
  return (
    <fieldset className={`tiles${error ? ' field--invalid' : ''}`} aria-invalid={error ? true : undefined} tabIndex={error ? -1 : undefined}>
      <legend>{legend}</legend>
      <div className="tiles-grid sched-tiles">
        {choices.map((choice) => (
          <label key={choice.value} className="tile">
            <input type="radio" name={name} value={choice.value} defaultChecked={chosen === choice.value} />
            <span className="tile-label">{choice.label}</span>
          </label>
        ))}
      </div>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}

export function checkedValues(form: HTMLFormElement | null, name: string): string[] {
  if (!form) return [];
  return new FormData(form).getAll(name).filter((v): v is string => typeof v === 'string');
}

/** A labelled block of facts; empty values are left out. */
export function Facts({ items }: { items: ReadonlyArray<[string, ReactNode]> }) {
  const shown = items.filter(([, value]) => value !== null && value !== undefined && value !== '');
  if (shown.length === 0) return null;
  return (
    <dl className="facts facts--stacked sched-facts">
      {shown.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Where to go with a location: its address, map link and nearest hospital. */
export function PlaceFacts({ place }: { place: Place }) {
  const { t } = useTranslation();
  const hospital = place.hospital;
  return (
    <Facts
      items={[
        [t('schedule.place.address'), place.address],
        [
          t('schedule.place.map'),
          <a href={place.mapUrl} target="_blank" rel="noopener noreferrer">
            {t('schedule.place.openMap', { place: place.name })}
          </a>,
        ],
        [
          t('schedule.place.hospital'),
          hospital && (
            <>
              <strong>{hospital.name}</strong>, {hospital.address}
              {hospital.phone && (
                <>
                  {' · '}
                  <a href={`tel:${hospital.phone.replace(/[^\d+]/g, '')}`}>{hospital.phone}</a>
                </>
              )}
              {hospital.driveMinutes !== undefined && ` · ${t('schedule.place.drive', { count: hospital.driveMinutes })}`}
            </>
          ),
        ],
        [t('schedule.place.parking'), place.parking],
        [t('schedule.place.notes'), place.notes],
      ]}
    />
  );
}
