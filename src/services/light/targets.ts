import { localDate } from '../../domain/schedule/calendar.js';
import { dayLight, type Place } from '../../domain/light/sun.js';
import { mayArchiveTarget } from '../../domain/light/targets.js';
import type { LightTargetBody } from '../../contract/light.js';
import type { LightTargetRecord } from '../../store/light.js';
import type { LocationRecord } from '../../store/schedule.js';
import type { Repos } from '../../store/index.js';
import type { Command } from '../command.js';
import { reader, type ServiceDeps } from '../context.js';
import { notFound } from '../problem.js';
import { newId } from '../secrets.js';

/** Shoot days ahead whose light the targets list works out: a production's next weeks, not its whole run. */
const SHOOT_DAYS_AHEAD = 30;

const placeOf = (location: LocationRecord): Place => ({ latitude: location.latitude, longitude: location.longitude, elevationM: location.elevationM, timezone: location.timezone });

const presentTarget = ({ archivedAt: _archivedAt, ...target }: LightTargetRecord) => target;

async function locationOf(repos: Repos, productionId: string, locationId: string): Promise<LocationRecord> {
  const [location] = await repos.schedule.locations(productionId, [locationId]);
  if (!location) throw notFound('Location not found');
  return location;
}

export type LightTargetInput = LightTargetBody & { locationId: string };

/** A DP names the sun they want at a location; its windows follow on every day there. */
export const nameLightTarget: Command<LightTargetInput, LocationRecord, object> = {
  name: 'lightTarget.create',
  facts: (tx, act) => locationOf(tx.repos, act.productionId, act.input.locationId),
  refusalData: (act) => ({ locationId: act.input.locationId, name: act.input.name }),
  async apply(tx, location, act) {
    const { input, caller } = act;
    const target: LightTargetRecord = {
      id: newId(),
      locationId: location.id,
      name: input.name,
      azimuthFrom: input.azimuthFrom,
      azimuthTo: input.azimuthTo,
      altitudeFrom: input.altitudeFrom,
      altitudeTo: input.altitudeTo,
      leadMinutes: input.leadMinutes ?? null,
      notes: input.notes ?? null,
      createdBy: caller.user.id,
      createdAt: tx.now.toISOString(),
      archivedAt: null,
    };
    await tx.repos.light.insertTarget(act.productionId, target);
    const { id: targetId, createdBy: _by, createdAt: _at, archivedAt: _archived, ...named } = target;
    const receipt = await tx.ledger.append(act.productionId, { type: 'lightTarget.created', actor: { userId: caller.user.id }, data: { targetId, ...named } });
    return { target: presentTarget(target), receipt };
  },
};

/** Takes a target off its location (mayArchiveTarget); it stays on record. */
export const archiveLightTarget: Command<{ locationId: string; targetId: string }, { target: LightTargetRecord; department: string | null }, object> = {
  name: 'lightTarget.archive',
  async facts(tx, act) {
    const target = await tx.repos.light.target(act.productionId, act.input.locationId, act.input.targetId);
    if (!target || target.archivedAt) throw notFound('Light target not found');
    const [caller] = await tx.repos.members.list(act.productionId, act.caller.user.id);
    return { target, department: caller?.department ?? null };
  },
  decide: (f, act) => [mayArchiveTarget({ userId: act.caller.user.id, roles: act.caller.roles, department: f.department }, f.target)],
  refusalData: (act, f) => ({ targetId: act.input.targetId, locationId: f.target.locationId, name: f.target.name }),
  async apply(tx, f, act) {
    const at = tx.now.toISOString();
    if (!(await tx.repos.light.archiveTarget(act.productionId, f.target.id, act.caller.user.id, at))) throw notFound('Light target not found');
    const receipt = await tx.ledger.append(act.productionId, {
      type: 'lightTarget.archived',
      actor: { userId: act.caller.user.id },
      data: { targetId: f.target.id, locationId: f.target.locationId, name: f.target.name },
    });
    return { target: { ...presentTarget(f.target), archivedAt: at }, receipt };
  },
};

/** The light of a date at a location (today there when none is asked), with its targets' windows. */
export async function locationLight(deps: ServiceDeps, productionId: string, locationId: string, date?: string) {
  const repos = reader(deps);
  const location = await locationOf(repos, productionId, locationId);
  const [targets, days] = await Promise.all([repos.light.targets(productionId, [locationId]), repos.schedule.shootDays(productionId)]);
  return {
    location: { id: location.id, name: location.name },
    ...dayLight(placeOf(location), date ?? localDate(deps.clock(), location.timezone), targets),
    shootDays: days.filter((day) => day.locationIds.includes(locationId)).map((day) => ({ id: day.id, date: day.date })),
  };
}

/** A location's targets, and their windows on each shoot day there from today on. */
export async function locationTargets(deps: ServiceDeps, productionId: string, locationId: string) {
  const repos = reader(deps);
  const location = await locationOf(repos, productionId, locationId);
  const [targets, days] = await Promise.all([repos.light.targets(productionId, [locationId]), repos.schedule.shootDays(productionId)]);
  const today = localDate(deps.clock(), location.timezone);
  const ahead = days.filter((day) => day.locationIds.includes(locationId) && day.date >= today).slice(0, SHOOT_DAYS_AHEAD);
  return {
    targets: targets.map(presentTarget),
    shootDays: ahead.map((day) => {
      const light = dayLight(placeOf(location), day.date, targets);
      return {
        id: day.id,
        date: day.date,
        sunrise: light.sunrise,
        sunset: light.sunset,
        targets: light.targets.map(({ id, windows, suggestedCall }) => ({ id, windows, suggestedCall })),
      };
    }),
  };
}
