import { hotCold, type Inspection, type RoundCount } from '../../domain/armory/model.js';
import type { FirearmRow, IncidentRow, LotRow } from '../../store/armory.js';

/** What the board and every firearm answer show; status is derived, never stored as typed (F8). */
export function presentFirearm(row: FirearmRow) {
  const inspection = row.latest_inspection ? (JSON.parse(row.latest_inspection) as Inspection) : null;
  return {
    id: row.id,
    serial: row.serial,
    make: row.make,
    model: row.model,
    kind: row.kind,
    state: row.state,
    status: hotCold(inspection),
    holderId: row.holder_id,
    shootDayId: row.shoot_day_id,
    sceneId: row.scene_id,
    lastInspection: inspection,
    loaded: JSON.parse(row.loaded) as RoundCount[],
    lastCustodyChangeAt: row.last_custody_change_at,
    version: row.version,
  };
}

/** A lot as the board shows it: what came in, and what is left in the box and in the firearms after what was fired. */
export function presentLot(row: LotRow, totals: { issued: number; fired: number; returned: number } = { issued: 0, fired: 0, returned: 0 }) {
  const inFirearms = totals.issued - totals.fired - totals.returned;
  return {
    id: row.id,
    lot: row.lot,
    kind: row.kind,
    caliber: row.caliber,
    quantity: row.quantity,
    load: row.load,
    verification: row.verification ? (JSON.parse(row.verification) as unknown) : null,
    fired: totals.fired,
    inFirearms,
    inBox: row.quantity - totals.fired - inFirearms,
  };
}

export function presentIncident(row: Pick<IncidentRow, 'id' | 'kind' | 'firearm_id' | 'opened_at' | 'corrective_action' | 'closed_at'>) {
  return { id: row.id, kind: row.kind, firearmId: row.firearm_id, openedAt: row.opened_at, correctiveAction: row.corrective_action, closedAt: row.closed_at };
}
