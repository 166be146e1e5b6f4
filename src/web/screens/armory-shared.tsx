// What the armory's screens share: the crew's names and training, the
// schedule, the live refresh, and how firearms, lots, rounds and days read on
// set: "Colt Single Action Army (SA-1873-0042)", "6 dummies from lot D-45-1",
// never an internal id.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type AmmunitionLot, type ApiResult, type Firearm, type RoundCount, type Scene } from '../api.js';
import { intlLocale, t } from '../i18n.js';
import { useLive } from '../live-provider.js';
import { useStops } from '../stops.js';
import { clockOptions, dateTimeOptions, timeFormat } from '../time.js';
import { useResource } from '../use-resource.js';
import { crewToKeep } from '../last-seen.js';

/** What a GET answers when it succeeds. */
export type Ok<F extends (...args: never[]) => Promise<ApiResult<unknown>>> = Extract<Awaited<ReturnType<F>>, { ok: true }>['data'];

/** A member as the crew list gives them: roles, contact, and any role change waiting for its second confirmation. */
export type CrewMember = Ok<typeof api.members>['members'][number];
export type Training = Ok<typeof api.trainings>['trainings'][number];
/** A shoot day with its duty roster. */
export type RosterDay = Ok<typeof api.schedule>['shootDays'][number];

const enc = encodeURIComponent;
export const armoryPath = (productionId: string) => `/productions/${enc(productionId)}/armory`;
export const firearmPath = (productionId: string, firearmId: string) => `${armoryPath(productionId)}/${enc(firearmId)}`;
export const liveRoundPath = (productionId: string) => `${armoryPath(productionId)}/live-round`;
export const requestsPath = (productionId: string) => `${armoryPath(productionId)}/requests`;
export const firearmScenesPath = (productionId: string) => `${armoryPath(productionId)}/scenes`;
export const trainingPath = (productionId: string) => `/productions/${enc(productionId)}/training`;
export const memberPath = (productionId: string, userId: string) => `/productions/${enc(productionId)}/members/${enc(userId)}`;

export const firearmKinds = ['blank_firing', 'non_firing_replica', 'rubber', 'airsoft', 'disabled'] as const;

/** A kind of firearm in the reader's language, looked up when it is shown. */
export function kindText(kind: string): string {
  switch (kind) {
    case 'blank_firing':
      return t('armory.kinds.blankFiring');
    case 'non_firing_replica':
      return t('armory.kinds.nonFiringReplica');
    case 'rubber':
      return t('armory.kinds.rubber');
    case 'airsoft':
      return t('armory.kinds.airsoft');
    case 'disabled':
      return t('armory.kinds.disabled');
    default:
      return kind;
  }
}

/** How the crew names a firearm: make and model, with the serial stamped on it. */
export function firearmName(firearm: Pick<Firearm, 'make' | 'model' | 'serial'>): string {
  return `${firearm.make} ${firearm.model} (${firearm.serial})`;
}

const nameIn = (people: readonly CrewMember[]) => (userId: string | null | undefined) =>
  userId ? (people.find((m) => m.userId === userId)?.name ?? t('armory.people.gone')) : t('armory.people.nobody');

/** The crew, and people's names by their ids. */
export function useCrew(productionId: string) {
  const [members, reload] = useResource(`${productionId}/members`, () => api.members(productionId));
  const people: CrewMember[] = members.state === 'ready' ? members.data.members : [];
  return { members, people, nameOf: nameIn(people), reload };
}

/** The crew, their training, and the schedule, as names and choices for the armory's forms. */
export function useCrewAndSchedule(productionId: string) {
  const [members] = useResource(`${productionId}/members`, () => api.members(productionId), { remember: { productionId, keep: crewToKeep } });
  const [schedule, reloadSchedule] = useResource(`${productionId}/schedule`, () => api.schedule(productionId), { remember: { productionId } });
  const [trainings] = useResource(`${productionId}/trainings`, () => api.trainings(productionId));
  const people: CrewMember[] = members.state === 'ready' ? members.data.members : [];
  const scenes: Scene[] = schedule.state === 'ready' ? schedule.data.scenes : [];
  const days: RosterDay[] = schedule.state === 'ready' ? schedule.data.shootDays : [];
  const trained = useMemo(() => new Set(trainings.state === 'ready' ? trainings.data.trainings.map((t) => t.userId) : []), [trainings]);
  const nameOf = nameIn(people);
  return { people, scenes, days, trained, nameOf, reloadSchedule, ready: members.state === 'ready' && schedule.state === 'ready' && trainings.state === 'ready' };
}

/** Reads the armory again whenever a firearm or the hold changes, and when the live stream (re)connects. */
export function useArmoryRefresh(reload: () => void): void {
  const listen = useLive()?.listen;
  useEffect(
    () =>
      listen?.((signal) => {
        if (signal.type === 'open' || signal.type === 'firearm.status' || signal.type === 'armory.hold') reload();
      }),
    [listen, reload],
  );
}

export function useArmoryTimes(): { zone: string | undefined; clock: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat } {
  const zone = useStops()?.production?.timezone;
  // Built again when the language changes too: the formats follow the language shown.
  const language = useTranslation().i18n.language;
  return useMemo(() => ({ zone, clock: timeFormat(zone, clockOptions), dateTime: timeFormat(zone, dateTimeOptions) }), [zone, language]);
}

/** The current time, ticking every `everyMs`: rules with a window (F7's ten minutes) are asked again as it passes. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** YYYY-MM-DD of today on the production's calendar. */
export function todayIn(zone: string | undefined, now = Date.now()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}

/** "Wed 2 Dec 2026": a shoot day's date as a call sheet writes it. */
export function dayText(date: string): string {
  const at = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return date;
  return at.toLocaleDateString(intlLocale(), { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function shootDayText(day: Pick<RosterDay, 'date' | 'location'>): string {
  return `${dayText(day.date)}${day.location ? ` · ${day.location}` : ''}`;
}

export function whereText(firearm: Firearm, nameOf: (userId: string | null) => string): string {
  return firearm.state === 'stored' ? t('armory.where.stored') : t('armory.where.with', { name: nameOf(firearm.holderId) });
}

/** A safety rule's id (F10, F11) as the set reads it beside the rule's sentence: the same in every language. */
export function RuleId({ id }: { id: string }) {
  return <span className="rule">{id}</span>;
}

/** HOT or COLD comes from the armorer's last inspection only (F8): this badge shows it, nobody sets it. */
export function HotCold({ status }: { status: Firearm['status'] }) {
  const { t } = useTranslation();
  return (
    <span className={`hotcold hotcold--${status}`} title={status === 'hot' ? t('armory.hotCold.hotWhy') : t('armory.hotCold.coldWhy')}>
      {status === 'hot' ? t('armory.hotCold.hot') : t('armory.hotCold.cold')}
    </span>
  );
}

/** "6 dummies", "1 blank": a count of rounds of one kind, in the reader's plural forms. */
export function roundCountText(count: number, kind: AmmunitionLot['kind'] | undefined): string {
  if (kind === 'blank') return t('armory.rounds.blank', { count });
  if (kind === 'dummy') return t('armory.rounds.dummy', { count });
  return t('armory.rounds.round', { count });
}

/** "6 dummies from lot D-45-1": a count of one lot's rounds. */
export function lotRoundsText(count: number, lot: AmmunitionLot | undefined): string {
  const rounds = roundCountText(count, lot?.kind);
  return lot ? t('armory.rounds.fromLot', { rounds, lot: lot.lot }) : t('armory.rounds.fromGoneLot', { rounds });
}

/** "6 dummies back to lot D-45-1": what an unload returns to one lot. */
export function lotReturnText(count: number, lot: AmmunitionLot | undefined): string {
  const rounds = roundCountText(count, lot?.kind);
  return lot ? t('armory.rounds.backToLot', { rounds, lot: lot.lot }) : t('armory.rounds.fromGoneLot', { rounds });
}

/** A list of lots in the reader's language, built when it is said: "6 dummies from lot D-45-1, 2 blanks from lot B-45-1". */
export function lotList(items: readonly string[]): string {
  return new Intl.ListFormat(intlLocale(), { style: 'short', type: 'unit' }).format(items);
}

export function roundsText(rounds: readonly RoundCount[], lots: readonly AmmunitionLot[]): string {
  const counted = rounds.filter((r) => r.count > 0);
  if (counted.length === 0) return t('armory.rounds.empty');
  return lotList(counted.map((r) => lotRoundsText(r.count, lots.find((l) => l.id === r.lotId))));
}

export function inspectionText(
  inspection: Firearm['lastInspection'],
  lots: readonly AmmunitionLot[],
  nameOf: (userId: string) => string,
  clock: Intl.DateTimeFormat,
): string {
  if (!inspection) return t('armory.inspection.none');
  const load = inspection.load === 'empty' ? t('armory.inspection.empty') : roundsText(inspection.rounds, lots);
  const barrel = inspection.barrelClear ? t('armory.inspection.barrelClear') : t('armory.inspection.barrelNotClear');
  return t('armory.inspection.line', { time: clock.format(new Date(inspection.at)), name: nameOf(inspection.byUserId), load, barrel });
}

export function sceneText(scene: Scene | undefined): string {
  return scene ? t('armory.scene.named', { number: scene.number, description: scene.description }) : t('armory.scene.gone');
}

/** Firearm and blank scenes, and any shot aimed toward a person (F10): the scenes the armory works. */
export function isFirearmScene(scene: Scene): boolean {
  return scene.hazards.includes('firearms') || scene.hazards.includes('blanks') || scene.aimedAtPerson;
}
