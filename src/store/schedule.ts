import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.js';

export interface SceneRecord {
  id: string;
  number: string;
  description: string;
  hazards: string[];
  aimedAtPerson: boolean;
}

export interface ShootDayRecord {
  id: string;
  date: string;
  location: string | null;
  sceneIds: string[];
}

/** Scenes, shoot days, their duty rosters, safety meetings and consultations, and training on file: the schedule the safety rules read. */
export class ScheduleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertScene(productionId: string, scene: SceneRecord, at: string): Promise<void> {
    await this.db
      .insertInto('scenes')
      .values({
        id: scene.id,
        production_id: productionId,
        number: scene.number,
        description: scene.description,
        hazards: JSON.stringify(scene.hazards),
        aimed_at_person: scene.aimedAtPerson ? 1 : 0,
        created_at: at,
      })
      .execute();
  }

  async scenes(productionId: string, ids?: readonly string[]): Promise<SceneRecord[]> {
    let query = this.db.selectFrom('scenes').selectAll().where('production_id', '=', productionId);
    if (ids) {
      if (ids.length === 0) return [];
      query = query.where('id', 'in', [...ids]);
    }
    const rows = await query.orderBy('created_at').orderBy('number').execute();
    return rows.map((row) => ({
      id: row.id,
      number: row.number,
      description: row.description,
      hazards: JSON.parse(row.hazards) as string[],
      aimedAtPerson: row.aimed_at_person === 1,
    }));
  }

  async insertShootDay(productionId: string, day: ShootDayRecord, at: string): Promise<void> {
    await this.db
      .insertInto('shoot_days')
      .values({ id: day.id, production_id: productionId, date: day.date, location: day.location, created_at: at })
      .execute();
    if (day.sceneIds.length === 0) return;
    await this.db
      .insertInto('shoot_day_scenes')
      .values(day.sceneIds.map((sceneId, position) => ({ shoot_day_id: day.id, scene_id: sceneId, production_id: productionId, position })))
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
    return { id: day.id, date: day.date, location: day.location, sceneIds: links.map((link) => link.scene_id) };
  }

  async shootDays(productionId: string): Promise<ShootDayRecord[]> {
    const days = await this.db.selectFrom('shoot_days').selectAll().where('production_id', '=', productionId).orderBy('date').execute();
    const links = await this.db
      .selectFrom('shoot_day_scenes')
      .select(['shoot_day_id', 'scene_id'])
      .where('production_id', '=', productionId)
      .orderBy('position')
      .execute();
    return days.map((day) => ({
      id: day.id,
      date: day.date,
      location: day.location,
      sceneIds: links.filter((link) => link.shoot_day_id === day.id).map((link) => link.scene_id),
    }));
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
