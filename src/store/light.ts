import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.js';

export interface LightTargetRecord {
  id: string;
  locationId: string;
  name: string;
  azimuthFrom: number;
  azimuthTo: number;
  altitudeFrom: number;
  altitudeTo: number;
  leadMinutes: number | null;
  notes: string | null;
  createdBy: string;
  createdAt: string;
  archivedAt: string | null;
}

function toTarget(row: Selectable<Database['light_targets']>): LightTargetRecord {
  return {
    id: row.id,
    locationId: row.location_id,
    name: row.name,
    azimuthFrom: row.azimuth_from,
    azimuthTo: row.azimuth_to,
    altitudeFrom: row.altitude_from,
    altitudeTo: row.altitude_to,
    leadMinutes: row.lead_minutes,
    notes: row.notes,
    createdBy: row.created_by,
    createdAt: row.created_at,
    archivedAt: row.archived_at,
  };
}

/** The sun positions DPs name at a production's locations. */
export class LightRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertTarget(productionId: string, target: LightTargetRecord): Promise<void> {
    await this.db
      .insertInto('light_targets')
      .values({
        id: target.id,
        production_id: productionId,
        location_id: target.locationId,
        name: target.name,
        azimuth_from: target.azimuthFrom,
        azimuth_to: target.azimuthTo,
        altitude_from: target.altitudeFrom,
        altitude_to: target.altitudeTo,
        lead_minutes: target.leadMinutes,
        notes: target.notes,
        created_by: target.createdBy,
        created_at: target.createdAt,
        archived_at: null,
        archived_by: null,
      })
      .execute();
  }

  async target(productionId: string, locationId: string, id: string): Promise<LightTargetRecord | undefined> {
    const row = await this.db
      .selectFrom('light_targets')
      .selectAll()
      .where('production_id', '=', productionId)
      .where('location_id', '=', locationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toTarget(row);
  }

  /** The targets in use at some locations (all of the production's when none are named), oldest first. */
  async targets(productionId: string, locationIds?: readonly string[]): Promise<LightTargetRecord[]> {
    let query = this.db.selectFrom('light_targets').selectAll().where('production_id', '=', productionId).where('archived_at', 'is', null);
    if (locationIds) {
      if (locationIds.length === 0) return [];
      query = query.where('location_id', 'in', [...locationIds]);
    }
    return (await query.orderBy('created_at').orderBy('id').execute()).map(toTarget);
  }

  /** Takes a target off its location; false when it already was. */
  async archiveTarget(productionId: string, id: string, by: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('light_targets')
      .set({ archived_at: at, archived_by: by })
      .where('production_id', '=', productionId)
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
