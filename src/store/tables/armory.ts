import { integer, table, text } from './define.js';

export const duties = table({
  name: 'duties',
  since: '0005_armory',
  columns: {
    shoot_day_id: text({ references: 'shoot_days.id' }),
    production_id: text({ references: 'productions.id' }),
    user_id: text({ references: 'users.id' }),
    /** a role name, or `props` */
    duty: text(),
  },
  primaryKey: ['shoot_day_id', 'user_id', 'duty'],
});

export const safetyMeetings = table({
  name: 'safety_meetings',
  since: '0005_armory',
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    shoot_day_id: text({ references: 'shoot_days.id' }),
    /** JSON array */
    scene_ids: text(),
    held_at: text(),
    /** JSON array */
    attendee_ids: text(),
    walkthrough: integer(),
    abort_plan: text(),
    emergency_plan: text(),
    recorded_by: text({ references: 'users.id' }),
    created_at: text(),
  },
  indexes: [{ name: 'safety_meetings_day', columns: ['production_id', 'shoot_day_id'] }],
});

export const consultations = table({
  name: 'consultations',
  since: '0005_armory',
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    scene_id: text({ references: 'scenes.id' }),
    plan: text(),
    armorer_id: text({ references: 'users.id' }),
    advisor_id: text({ references: 'users.id' }),
    created_at: text(),
  },
});

export const firearms = table({
  name: 'firearms',
  since: '0005_armory',
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    serial: text(),
    make: text(),
    model: text(),
    kind: text(),
    state: text({ values: ['stored', 'with_armorer', 'with_performer'] }),
    holder_id: text({ nullable: true, references: 'users.id' }),
    /** the shoot day it was checked out for */
    shoot_day_id: text({ nullable: true, references: 'shoot_days.id' }),
    /** the scene it was handed off for */
    scene_id: text({ nullable: true, references: 'scenes.id' }),
    /** JSON Inspection, the only source of hot/cold (F8) */
    latest_inspection: text({ nullable: true }),
    /** JSON RoundCount[]: rounds in the firearm now */
    loaded: text(),
    last_custody_change_at: text(),
    /** bumped on every change; two devices acting at once cannot both win */
    version: integer(),
    created_at: text(),
  },
  // Two devices adding the same serial at once: the second is a unique violation.
  unique: [['production_id', 'serial']],
});

export const firearmEvents = table({
  name: 'firearm_events',
  since: '0005_armory',
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    firearm_id: text({ references: 'firearms.id' }),
    type: text(),
    actor_id: text({ references: 'users.id' }),
    data: text(),
    at: text(),
    ledger_index: integer(),
  },
  indexes: [{ name: 'firearm_events_firearm', columns: ['firearm_id', 'at'] }],
});

export const ammunitionLots = table({
  name: 'ammunition_lots',
  since: '0005_armory',
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    lot: text(),
    kind: text({ values: ['blank', 'dummy'] }),
    caliber: text(),
    quantity: integer(),
    load: text({ nullable: true }),
    /** JSON {method, byUserId} for dummy lots (F4) */
    verification: text({ nullable: true }),
    created_at: text(),
  },
  // Two devices entering the same lot at once: the second is a unique violation.
  unique: [['production_id', 'lot']],
});

export const roundMovements = table({
  name: 'round_movements',
  since: '0005_armory',
  columns: {
    production_id: text({ references: 'productions.id' }),
    lot_id: text({ references: 'ammunition_lots.id' }),
    firearm_id: text({ references: 'firearms.id' }),
    shoot_day_id: text({ nullable: true, references: 'shoot_days.id' }),
    kind: text({ values: ['issued', 'fired', 'returned'] }),
    count: integer(),
    at: text(),
  },
  indexes: [{ name: 'round_movements_day', columns: ['production_id', 'shoot_day_id'] }],
});

export const incidents = table({
  name: 'incidents',
  since: '0005_armory',
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    kind: text({ values: ['unintended_discharge', 'misfire', 'live_round'] }),
    firearm_id: text({ nullable: true, references: 'firearms.id' }),
    opened_at: text(),
    opened_entry: integer(),
    corrective_action: text({ nullable: true }),
    corrected_by: text({ nullable: true, references: 'users.id' }),
    corrected_at: text({ nullable: true }),
    /** set when a corrective action and a new safety meeting are both recorded (F11) */
    closed_at: text({ nullable: true }),
  },
});

export const alerts = table({
  name: 'alerts',
  since: '0006_alerts',
  columns: {
    production_id: text({ references: 'productions.id' }),
    /** what the alert is about, once: e.g. `F9:<firearm>:<custody change>`; the claim that keeps instances from alerting twice */
    key: text(),
    rule: text(),
    message: text(),
    created_at: text(),
  },
  primaryKey: ['production_id', 'key'],
});

export const armorerRequests = table({
  name: 'armorer_requests',
  since: '0007_armorer_requests',
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    /** `training` or `time` (F12) */
    kind: text(),
    description: text(),
    requested_by: text({ references: 'users.id' }),
    requested_at: text(),
    status: text({ values: ['open', 'granted', 'denied'] }),
    decided_by: text({ nullable: true, references: 'users.id' }),
    decided_at: text({ nullable: true }),
    reason: text({ nullable: true }),
  },
});
