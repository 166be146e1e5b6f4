import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.js';

export type SettingRow = Selectable<Database['settings']>;
export type SettingName = SettingRow['name'];

/** A production's agreements changed by the safety advisor and the producer together: the one in force and one proposed. */
export class SettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  get(productionId: string, name: SettingName): Promise<SettingRow | undefined> {
    return this.db.selectFrom('settings').selectAll().where('production_id', '=', productionId).where('name', '=', name).executeTakeFirst();
  }

  async save(row: SettingRow): Promise<void> {
    await this.db
      .insertInto('settings')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['production_id', 'name']).doUpdateSet({ value: row.value, proposed: row.proposed, proposed_by: row.proposed_by, proposer_roles: row.proposer_roles, updated_at: row.updated_at }),
      )
      .execute();
  }
}
