import type { Kysely, Selectable } from 'kysely';
import type { DialectName } from './db.js';
import type { AmmunitionLotsTable, Database, FirearmsTable, IncidentsTable, RoundMovementsTable } from './schema.js';

export type FirearmRow = Selectable<FirearmsTable>;
export type LotRow = Selectable<AmmunitionLotsTable>;
export type IncidentRow = Selectable<IncidentsTable>;

/** Firearms, ammunition, rounds, incidents and armorer requests: every query the armory needs. */
export class ArmoryRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async insertFirearm(row: FirearmRow) {
    await this.db.insertInto('firearms').values(row).execute();
  }

  /** One firearm, locked for the rest of the transaction on PostgreSQL (SQLite serialises writers). */
  firearmForUpdate(productionId: string, id: string): Promise<FirearmRow | undefined> {
    let query = this.db.selectFrom('firearms').selectAll().where('production_id', '=', productionId).where('id', '=', id);
    if (this.dialect === 'postgres') query = query.forUpdate();
    return query.executeTakeFirst();
  }

  firearm(productionId: string, id: string): Promise<FirearmRow | undefined> {
    return this.db.selectFrom('firearms').selectAll().where('production_id', '=', productionId).where('id', '=', id).executeTakeFirst();
  }

  firearms(productionId: string): Promise<FirearmRow[]> {
    return this.db.selectFrom('firearms').selectAll().where('production_id', '=', productionId).orderBy('serial').execute();
  }

  /** Writes the new state only if nobody changed the firearm since `version` was read. */
  async updateFirearm(row: FirearmRow, expectedVersion: number): Promise<boolean> {
    const { id, production_id: productionId, ...fields } = row;
    const result = await this.db
      .updateTable('firearms')
      .set(fields)
      .where('production_id', '=', productionId)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertEvent(event: Selectable<Database['firearm_events']>) {
    await this.db.insertInto('firearm_events').values(event).execute();
  }

  events(productionId: string, firearmId: string) {
    return this.db
      .selectFrom('firearm_events')
      .selectAll()
      .where('production_id', '=', productionId)
      .where('firearm_id', '=', firearmId)
      .orderBy('ledger_index', 'desc')
      .execute();
  }

  async insertLot(row: LotRow) {
    await this.db.insertInto('ammunition_lots').values(row).execute();
  }

  lots(productionId: string): Promise<LotRow[]> {
    return this.db.selectFrom('ammunition_lots').selectAll().where('production_id', '=', productionId).orderBy('lot').execute();
  }

  async recordRounds(rows: ReadonlyArray<Selectable<RoundMovementsTable>>) {
    if (rows.length === 0) return;
    await this.db.insertInto('round_movements').values([...rows]).execute();
  }

  /** Issued, fired and returned rounds per lot, for one shoot day (F9) or for the whole shoot. */
  async roundTotals(productionId: string, shootDayId?: string) {
    let query = this.db
      .selectFrom('round_movements')
      .select(['lot_id', 'kind', (eb) => eb.fn.sum<number>('count').as('total')])
      .where('production_id', '=', productionId);
    if (shootDayId !== undefined) query = query.where('shoot_day_id', '=', shootDayId);
    const rows = await query.groupBy(['lot_id', 'kind']).execute();
    const byLot = new Map<string, { lotId: string; issued: number; fired: number; returned: number }>();
    for (const row of rows) {
      const lot = byLot.get(row.lot_id) ?? { lotId: row.lot_id, issued: 0, fired: 0, returned: 0 };
      lot[row.kind] += Number(row.total);
      byLot.set(row.lot_id, lot);
    }
    return [...byLot.values()];
  }

  async insertIncident(row: IncidentRow) {
    await this.db.insertInto('incidents').values(row).execute();
  }

  incident(productionId: string, id: string) {
    return this.db.selectFrom('incidents').selectAll().where('production_id', '=', productionId).where('id', '=', id).executeTakeFirst();
  }

  /** The open incident holding the production's firearms, if any (F11). */
  openIncident(productionId: string) {
    return this.db
      .selectFrom('incidents')
      .selectAll()
      .where('production_id', '=', productionId)
      .where('closed_at', 'is', null)
      .orderBy('opened_at')
      .executeTakeFirst();
  }

  async countIncidents(productionId: string, kind: IncidentRow['kind']): Promise<number> {
    const row = await this.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('production_id', '=', productionId)
      .where('kind', '=', kind)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async updateIncident(productionId: string, id: string, fields: Partial<Pick<IncidentRow, 'corrective_action' | 'corrected_by' | 'corrected_at' | 'closed_at'>>) {
    await this.db.updateTable('incidents').set(fields).where('production_id', '=', productionId).where('id', '=', id).execute();
  }

  /** Firearms of every production out of storage, with no scene, since before `before` (F9). */
  idleOutsideStorage(before: string) {
    return this.db
      .selectFrom('firearms')
      .select(['id', 'production_id', 'serial', 'make', 'model', 'holder_id', 'last_custody_change_at'])
      .where('state', '!=', 'stored')
      .where('scene_id', 'is', null)
      .where('last_custody_change_at', '<', before)
      .execute();
  }

  /** Claims an alert key; false when it was already raised (by this or another instance). */
  async claimAlert(row: { production_id: string; key: string; rule: string; message: string; created_at: string }): Promise<boolean> {
    const result = await this.db
      .insertInto('alerts')
      .values(row)
      .onConflict((oc) => oc.columns(['production_id', 'key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async insertRequest(row: Selectable<Database['armorer_requests']>) {
    await this.db.insertInto('armorer_requests').values(row).execute();
  }

  request(productionId: string, id: string) {
    return this.db.selectFrom('armorer_requests').selectAll().where('production_id', '=', productionId).where('id', '=', id).executeTakeFirst();
  }

  requests(productionId: string) {
    return this.db.selectFrom('armorer_requests').selectAll().where('production_id', '=', productionId).orderBy('requested_at', 'desc').execute();
  }

  /** Records a decision on an open request; false when it was decided meanwhile. */
  async decideRequest(productionId: string, id: string, fields: { status: 'granted' | 'denied'; decided_by: string; decided_at: string; reason: string | null }) {
    const result = await this.db
      .updateTable('armorer_requests')
      .set(fields)
      .where('production_id', '=', productionId)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
