import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.js';

export type IntExt = 'INT' | 'EXT' | 'INT/EXT';
export type TimeOfDay = 'day' | 'night' | 'dawn' | 'dusk';

export interface SceneRecord {
  id: string;
  number: string;
  description: string;
  hazards: string[];
  aimedAtPerson: boolean;
  intExt: IntExt | null;
  timeOfDay: TimeOfDay | null;
  locationId: string | null;
  /** length in eighths of a page */
  eighths: number | null;
  /** the performers in it */
  castIds: string[];
}

export interface ShootDayRecord {
  id: string;
  date: string;
  /** where, in words (the first contract's free text) */
  location: string | null;
  sceneIds: string[];
  /** HH:MM in the production's zone */
  generalCall: string | null;
  shootingCall: string | null;
  notes: string | null;
  locationIds: string[];
  /** when the day wrapped (F9), or null while it is open */
  wrappedAt: string | null;
}

export interface Hospital {
  name: string;
  address: string;
  phone?: string | undefined;
  driveMinutes?: number | undefined;
}

export interface LocationRecord {
  id: string;
  name: string;
  address: string | null;
  latitude: number;
  longitude: number;
  elevationM: number | null;
  timezone: string;
  hospital: Hospital | null;
  parking: string | null;
  notes: string | null;
}

type LocationRow = Selectable<Database['locations']>;
type SceneRow = Selectable<Database['scenes']>;
type AssessmentRow = Selectable<Database['risk_assessments']>;

function toScene(row: SceneRow): SceneRecord {
  return {
    id: row.id,
    number: row.number,
    description: row.description,
    hazards: JSON.parse(row.hazards) as string[],
    aimedAtPerson: row.aimed_at_person === 1,
    intExt: row.int_ext,
    timeOfDay: row.time_of_day,
    locationId: row.location_id,
    eighths: row.eighths,
    castIds: row.cast_ids ? (JSON.parse(row.cast_ids) as string[]) : [],
  };
}

function toLocation(row: LocationRow): LocationRecord {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    elevationM: row.elevation_m,
    timezone: row.timezone,
    hospital: row.hospital ? (JSON.parse(row.hospital) as Hospital) : null,
    parking: row.parking,
    notes: row.notes,
  };
}

function sceneColumns(scene: Omit<SceneRecord, 'id'>) {
  return {
    number: scene.number,
    description: scene.description,
    hazards: JSON.stringify(scene.hazards),
    aimed_at_person: scene.aimedAtPerson ? 1 : 0,
    int_ext: scene.intExt,
    time_of_day: scene.timeOfDay,
    location_id: scene.locationId,
    eighths: scene.eighths,
    cast_ids: JSON.stringify(scene.castIds),
  };
}

function dayColumns(day: ShootDayRecord) {
  return {
    date: day.date,
    location: day.location,
    general_call: day.generalCall,
    shooting_call: day.shootingCall,
    notes: day.notes,
    location_ids: JSON.stringify(day.locationIds),
  };
}

function toDay(row: Selectable<Database['shoot_days']>, sceneIds: string[]): ShootDayRecord {
  return {
    id: row.id,
    date: row.date,
    location: row.location,
    sceneIds,
    generalCall: row.general_call,
    shootingCall: row.shooting_call,
    notes: row.notes,
    locationIds: row.location_ids ? (JSON.parse(row.location_ids) as string[]) : [],
    wrappedAt: row.wrapped_at,
  };
}

function locationColumns(location: LocationRecord) {
  return {
    name: location.name,
    address: location.address,
    latitude: location.latitude,
    longitude: location.longitude,
    elevation_m: location.elevationM,
    timezone: location.timezone,
    hospital: location.hospital ? JSON.stringify(location.hospital) : null,
    parking: location.parking,
    notes: location.notes,
  };
}

/** Scenes, shoot days, their duty rosters, safety meetings and consultations, and training on file: the schedule the safety rules read. */
export class ScheduleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertScene(productionId: string, scene: SceneRecord, at: string): Promise<void> {
    await this.db
      .insertInto('scenes')
      .values({ id: scene.id, production_id: productionId, ...sceneColumns(scene), created_at: at })
      .execute();
  }

  async updateScene(productionId: string, scene: SceneRecord): Promise<void> {
    const { id, ...fields } = scene;
    await this.db.updateTable('scenes').set(sceneColumns(fields)).where('production_id', '=', productionId).where('id', '=', id).execute();
  }

  async scenes(productionId: string, ids?: readonly string[]): Promise<SceneRecord[]> {
    let query = this.db.selectFrom('scenes').selectAll().where('production_id', '=', productionId);
    if (ids) {
      if (ids.length === 0) return [];
      query = query.where('id', 'in', [...ids]);
    }
    const rows = await query.orderBy('created_at').orderBy('number').execute();
    return rows.map(toScene);
  }

  async insertShootDay(productionId: string, day: ShootDayRecord, at: string): Promise<void> {
    await this.db
      .insertInto('shoot_days')
      .values({ id: day.id, production_id: productionId, created_at: at, ...dayColumns(day) })
      .execute();
    await this.placeScenes(productionId, day.id, day.sceneIds);
  }

  /** Changes a day's fields and, in their order, its scenes. */
  async updateShootDay(productionId: string, day: ShootDayRecord): Promise<void> {
    await this.db.updateTable('shoot_days').set(dayColumns(day)).where('production_id', '=', productionId).where('id', '=', day.id).execute();
    await this.db.deleteFrom('shoot_day_scenes').where('shoot_day_id', '=', day.id).execute();
    await this.placeScenes(productionId, day.id, day.sceneIds);
  }

  private async placeScenes(productionId: string, shootDayId: string, sceneIds: readonly string[]): Promise<void> {
    if (sceneIds.length === 0) return;
    await this.db
      .insertInto('shoot_day_scenes')
      .values(sceneIds.map((sceneId, position) => ({ shoot_day_id: shootDayId, scene_id: sceneId, production_id: productionId, position })))
      .execute();
  }

  async shootDay(productionId: string, id: string): Promise<ShootDayRecord | undefined> {
    const day = await this.db
      .selectFrom('shoot_days')
      .selectAll()
      .where('production_id', '=', productionId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!day) return undefined;
    const links = await this.db.selectFrom('shoot_day_scenes').select('scene_id').where('shoot_day_id', '=', id).orderBy('position').execute();
    return toDay(day, links.map((link) => link.scene_id));
  }

  /** Marks a day wrapped; false when it already was. */
  async markWrapped(productionId: string, shootDayId: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('shoot_days')
      .set({ wrapped_at: at })
      .where('production_id', '=', productionId)
      .where('id', '=', shootDayId)
      .where('wrapped_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The day on a date, if one is scheduled. */
  async shootDayOn(productionId: string, date: string): Promise<ShootDayRecord | undefined> {
    const day = await this.db.selectFrom('shoot_days').select('id').where('production_id', '=', productionId).where('date', '=', date).executeTakeFirst();
    return day && this.shootDay(productionId, day.id);
  }

  async shootDays(productionId: string): Promise<ShootDayRecord[]> {
    const days = await this.db.selectFrom('shoot_days').selectAll().where('production_id', '=', productionId).orderBy('date').execute();
    const links = await this.db
      .selectFrom('shoot_day_scenes')
      .select(['shoot_day_id', 'scene_id'])
      .where('production_id', '=', productionId)
      .orderBy('position')
      .execute();
    return days.map((day) =>
      toDay(
        day,
        links.filter((link) => link.shoot_day_id === day.id).map((link) => link.scene_id),
      ),
    );
  }

  async insertLocation(productionId: string, location: LocationRecord, at: string): Promise<void> {
    await this.db.insertInto('locations').values({ id: location.id, production_id: productionId, ...locationColumns(location), created_at: at }).execute();
  }

  async updateLocation(productionId: string, location: LocationRecord): Promise<void> {
    await this.db.updateTable('locations').set(locationColumns(location)).where('production_id', '=', productionId).where('id', '=', location.id).execute();
  }

  async locations(productionId: string, ids?: readonly string[]): Promise<LocationRecord[]> {
    let query = this.db.selectFrom('locations').selectAll().where('production_id', '=', productionId);
    if (ids) {
      if (ids.length === 0) return [];
      query = query.where('id', 'in', [...ids]);
    }
    return (await query.orderBy('name').execute()).map(toLocation);
  }

  async insertAssessment(row: AssessmentRow): Promise<void> {
    // The scene's earlier assessments give way to the new one; they stay on record.
    await this.db
      .updateTable('risk_assessments')
      .set({ status: 'replaced' })
      .where('production_id', '=', row.production_id)
      .where('scene_id', '=', row.scene_id)
      .where('status', '!=', 'replaced')
      .execute();
    await this.db.insertInto('risk_assessments').values(row).execute();
  }

  /** Each scene's assessment in force (current or stale), by scene id. */
  async assessments(productionId: string, sceneIds: readonly string[]): Promise<Map<string, AssessmentRow>> {
    if (sceneIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('risk_assessments')
      .selectAll()
      .where('production_id', '=', productionId)
      .where('scene_id', 'in', [...sceneIds])
      .where('status', '!=', 'replaced')
      .execute();
    return new Map(rows.map((row) => [row.scene_id, row]));
  }

  async markStale(productionId: string, sceneId: string, because: string): Promise<boolean> {
    const result = await this.db
      .updateTable('risk_assessments')
      .set({ status: 'stale', stale_because: because })
      .where('production_id', '=', productionId)
      .where('scene_id', '=', sceneId)
      .where('status', '=', 'current')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Replaces a day's time records. */
  async setTimes(productionId: string, shootDayId: string, times: ReadonlyArray<{ userId: string; call: string; wrap: string }>, by: string, at: string): Promise<void> {
    await this.db.deleteFrom('time_records').where('production_id', '=', productionId).where('shoot_day_id', '=', shootDayId).execute();
    if (times.length === 0) return;
    await this.db
      .insertInto('time_records')
      .values(times.map((t) => ({ shoot_day_id: shootDayId, production_id: productionId, user_id: t.userId, call: t.call, wrap: t.wrap, recorded_by: by, recorded_at: at })))
      .execute();
  }

  /** Every recorded day of these people on the production, with the day's date. */
  async timesOf(productionId: string, userIds: readonly string[]) {
    if (userIds.length === 0) return [];
    return this.db
      .selectFrom('time_records')
      .innerJoin('shoot_days', 'shoot_days.id', 'time_records.shoot_day_id')
      .select(['time_records.user_id', 'time_records.shoot_day_id', 'time_records.call', 'time_records.wrap', 'shoot_days.date'])
      .where('time_records.production_id', '=', productionId)
      .where('time_records.user_id', 'in', [...new Set(userIds)])
      .orderBy('time_records.call')
      .execute();
  }

  /** A day's time records. */
  dayTimes(productionId: string, shootDayId: string) {
    return this.db
      .selectFrom('time_records')
      .select(['user_id', 'call', 'wrap'])
      .where('production_id', '=', productionId)
      .where('shoot_day_id', '=', shootDayId)
      .orderBy('call')
      .execute();
  }

  async setDuties(productionId: string, shootDayId: string, duties: ReadonlyArray<{ userId: string; duty: string }>) {
    await this.db.deleteFrom('duties').where('shoot_day_id', '=', shootDayId).where('production_id', '=', productionId).execute();
    if (duties.length === 0) return;
    await this.db
      .insertInto('duties')
      .values(duties.map((d) => ({ shoot_day_id: shootDayId, production_id: productionId, user_id: d.userId, duty: d.duty })))
      .execute();
  }

  duties(productionId: string, shootDayIds?: readonly string[]) {
    let query = this.db.selectFrom('duties').select(['shoot_day_id', 'user_id', 'duty']).where('production_id', '=', productionId);
    if (shootDayIds) {
      if (shootDayIds.length === 0) return Promise.resolve([]);
      query = query.where('shoot_day_id', 'in', [...shootDayIds]);
    }
    return query.orderBy('user_id').orderBy('duty').execute();
  }

  async insertMeeting(meeting: Selectable<Database['safety_meetings']>) {
    await this.db.insertInto('safety_meetings').values(meeting).execute();
  }

  meetings(productionId: string, shootDayId: string) {
    return this.db
      .selectFrom('safety_meetings')
      .selectAll()
      .where('production_id', '=', productionId)
      .where('shoot_day_id', '=', shootDayId)
      .orderBy('held_at')
      .execute();
  }

  /** The most recent meeting recorded after `since` (F11: a new meeting lifts a hold). */
  meetingRecordedAfter(productionId: string, since: string) {
    return this.db
      .selectFrom('safety_meetings')
      .select(['id', 'created_at'])
      .where('production_id', '=', productionId)
      .where('created_at', '>', since)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  }

  async insertConsultation(row: Selectable<Database['consultations']>) {
    await this.db.insertInto('consultations').values(row).execute();
  }

  async consulted(productionId: string, sceneId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('consultations')
      .select('id')
      .where('production_id', '=', productionId)
      .where('scene_id', '=', sceneId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The latest F10 consultation of each scene that has one (of `sceneIds`, when given). */
  async consultations(productionId: string, sceneIds?: readonly string[]) {
    if (sceneIds?.length === 0) return new Map<string, { plan: string; armorerId: string; advisorId: string; at: string }>();
    let query = this.db.selectFrom('consultations').select(['scene_id', 'plan', 'armorer_id', 'advisor_id', 'created_at']).where('production_id', '=', productionId);
    if (sceneIds) query = query.where('scene_id', 'in', [...sceneIds]);
    const latest = new Map<string, { plan: string; armorerId: string; advisorId: string; at: string }>();
    for (const row of await query.orderBy('created_at').execute()) {
      latest.set(row.scene_id, { plan: row.plan, armorerId: row.armorer_id, advisorId: row.advisor_id, at: row.created_at });
    }
    return latest;
  }

  /** Members with firearms safety training on file (F12). */
  async trained(productionId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('trainings')
      .select('user_id')
      .where('production_id', '=', productionId)
      .where('course', '=', 'firearms_safety')
      .execute();
    return new Set(rows.map((row) => row.user_id));
  }
}
