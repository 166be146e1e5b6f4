import { instantOf, localDate } from '../../domain/schedule/calendar.js';
import { armorerOfDay } from '../../domain/armory/rules.js';
import type { Hazard } from '../../domain/schedule/scenes.js';
import type { Repos } from '../../store/index.js';
import type { ShootDayRecord } from '../../store/schedule.js';
import { reader, uniquely, type ServiceDeps } from '../context.js';
import type { Caller, Command } from '../command.js';
import { notFound } from '../problem.js';
import { newId } from '../secrets.js';
import { presentLocation } from './locations.js';
import { assessmentStatus } from './scenes.js';
import { todayCallSheet } from '../callsheets/today.js';

export interface ShootDayInput {
  date: string;
  sceneIds: string[];
  location?: string | null | undefined;
  locationIds?: string[] | undefined;
  generalCall?: string | null | undefined;
  shootingCall?: string | null | undefined;
  notes?: string | null | undefined;
}

/** A day's scenes and locations are the production's own: another production's ids are not found here. */
async function checkDay(repos: Repos, productionId: string, input: { sceneIds?: string[] | undefined; locationIds?: string[] | undefined }) {
  const sceneIds = input.sceneIds ?? [];
  if ((await repos.schedule.scenes(productionId, sceneIds)).length !== new Set(sceneIds).size) throw notFound('Scene not found');
  const locationIds = input.locationIds ?? [];
  if ((await repos.schedule.locations(productionId, locationIds)).length !== new Set(locationIds).size) throw notFound('Location not found');
}

export const createShootDay: Command<ShootDayInput, null, object> = {
  name: 'shootDay.create',
  async facts(tx, act) {
    await checkDay(tx.repos, act.productionId, act.input);
    return null;
  },
  refusalData: (act) => ({ date: act.input.date }),
  async apply(tx, _facts, act) {
    const { input } = act;
    const day: ShootDayRecord = {
      id: newId(),
      date: input.date,
      location: input.location ?? null,
      sceneIds: input.sceneIds,
      generalCall: input.generalCall ?? null,
      shootingCall: input.shootingCall ?? null,
      notes: input.notes ?? null,
      locationIds: input.locationIds ?? [],
      wrappedAt: null,
    };
    await uniquely(`There is already a shoot day on ${input.date}.`, () => tx.repos.schedule.insertShootDay(act.productionId, day, tx.now.toISOString()));
    const receipt = await tx.ledger.append(act.productionId, { type: 'shootDay.created', actor: { userId: act.caller.user.id }, data: { ...day } });
    return { shootDay: day, receipt };
  },
};

export type ShootDayPatch = Partial<ShootDayInput> & { shootDayId: string };

/** Changes a day: its date, its scenes and their order, its locations, calls and notes. */
export const updateShootDay: Command<ShootDayPatch, ShootDayRecord, object> = {
  name: 'shootDay.update',
  async facts(tx, act) {
    const day = await tx.repos.schedule.shootDay(act.productionId, act.input.shootDayId);
    if (!day) throw notFound('Shoot day not found');
    await checkDay(tx.repos, act.productionId, act.input);
    return day;
  },
  refusalData: (act) => ({ shootDayId: act.input.shootDayId }),
  async apply(tx, day, act) {
    const { shootDayId, ...patch } = act.input;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<ShootDayInput>;
    const after: ShootDayRecord = { ...day, ...defined };
    await uniquely(`There is already a shoot day on ${after.date}.`, () => tx.repos.schedule.updateShootDay(act.productionId, after));
    const receipt = await tx.ledger.append(act.productionId, {
      type: 'shootDay.updated',
      actor: { userId: act.caller.user.id },
      data: { shootDayId, changed: Object.keys(defined).sort(), shootDay: { ...after } },
    });
    return { shootDay: after, receipt };
  },
};

/** Every scene with its assessment, every day with its roster, every location: what the schedule screens read. */
export async function schedule(deps: ServiceDeps, productionId: string) {
  const repos = reader(deps);
  const scenes = await repos.schedule.scenes(productionId);
  const assessments = await repos.schedule.assessments(
    productionId,
    scenes.map((s) => s.id),
  );
  const days = await repos.schedule.shootDays(productionId);
  const duties = await repos.schedule.duties(productionId);
  const consultations = await repos.schedule.consultations(productionId);
  return {
    scenes: scenes.map((scene) => ({ ...scene, riskAssessment: assessmentStatus(assessments.get(scene.id)), consultation: consultations.get(scene.id) ?? null })),
    shootDays: days.map((day) => ({ ...day, duties: duties.filter((d) => d.shoot_day_id === day.id).map((d) => ({ userId: d.user_id, duty: d.duty })) })),
    locations: (await repos.schedule.locations(productionId)).map(presentLocation),
  };
}

/**
 * A person's day on one screen: the shoot day, their call, its scenes with
 * their hazards and assessments, the day's meetings, the armorer on duty,
 * and what holds the set (open stops, a firearms hold).
 */
export async function today(deps: ServiceDeps, productionId: string, caller: Caller, date?: string) {
  const repos = reader(deps);
  const production = await repos.productions.byId(productionId);
  if (!production) throw notFound('Production not found');
  const timezone = production.timezone;
  const on = date ?? localDate(deps.clock(), timezone);
  const day = await repos.schedule.shootDayOn(productionId, on);
  const [scenes, locations, duties, meetings, times] = day
    ? await Promise.all([
        repos.schedule.scenes(productionId, day.sceneIds),
        repos.schedule.locations(productionId, day.locationIds),
        repos.schedule.duties(productionId, [day.id]),
        repos.schedule.meetings(productionId, day.id),
        repos.schedule.dayTimes(productionId, day.id),
      ])
    : [[], [], [], [], []];
  const ordered = day ? day.sceneIds.map((id) => scenes.find((s) => s.id === id)!).filter(Boolean) : [];
  const assessments = await repos.schedule.assessments(
    productionId,
    ordered.map((s) => s.id),
  );
  const armorerId = day ? armorerOfDay({ id: day.id, sceneIds: day.sceneIds, duties: duties.map((d) => ({ userId: d.user_id, duty: d.duty })) }) : undefined;
  const names = await repos.users.names(armorerId ? [armorerId] : []);
  const mine = times.find((t) => t.user_id === caller.user.id);
  const myCall = mine ? mine.call : day?.generalCall ? instantOf(day.date, day.generalCall, timezone).toISOString() : null;
  const myDuties = duties.filter((d) => d.user_id === caller.user.id).map((d) => d.duty);
  const hold = await repos.armory.openIncident(productionId);
  const upcoming = (await repos.schedule.shootDays(productionId)).find((d) => d.date > on);
  return {
    date: on,
    timezone,
    shootDay: day ?? null,
    myCall,
    myCallIsOwn: mine !== undefined,
    myDuties,
    scenes: ordered.map((scene) => ({ ...scene, riskAssessment: assessmentStatus(assessments.get(scene.id)) })),
    hazards: [...new Set(ordered.flatMap((s) => s.hazards))] as Hazard[],
    locations: locations.map(presentLocation),
    meetings: meetings.map((m) => ({
      id: m.id,
      sceneIds: JSON.parse(m.scene_ids) as string[],
      heldAt: m.held_at,
      walkthrough: m.walkthrough === 1,
      attendeeIds: JSON.parse(m.attendee_ids) as string[],
      abortPlan: m.abort_plan,
      emergencyPlan: m.emergency_plan,
      recordedBy: m.recorded_by,
    })),
    armorerOnDuty: armorerId ? { userId: armorerId, name: names.get(armorerId) ?? 'the armorer' } : null,
    openStops: (await repos.stops.active(productionId)).map((s) => ({ id: s.id, reason: s.reason, location: s.location, raisedAt: s.raised_at })),
    holds: hold ? [{ incidentId: hold.id, kind: hold.kind, since: hold.opened_at }] : [],
    callSheet: day ? await todayCallSheet(repos, deps.signer, productionId, timezone, day, caller, deps.clock()) : null,
    next: upcoming ? { id: upcoming.id, date: upcoming.date } : null,
  };
}
