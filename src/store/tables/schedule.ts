import { integer, real, table, text } from './define.js';

/** The migration that brings the shoot day into the app: locations, calls, hours, risk assessments. */
const SHOOT_DAY = '0010_shoot_day';

export const scenes = table({
  name: 'scenes',
  since: '0003_schedule',
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    /** the script's scene number, e.g. "42A" */
    number: text(),
    description: text(),
    /** JSON array of hazard tags */
    hazards: text(),
    /** 1 when a shot aims toward a person or the camera (F10) */
    aimed_at_person: integer(),
    created_at: text(),
    /** INT, EXT or INT/EXT */
    int_ext: text({ nullable: true, values: ['INT', 'EXT', 'INT/EXT'], since: SHOOT_DAY }),
    /** day, night, dawn or dusk, as the script heads it */
    time_of_day: text({ nullable: true, values: ['day', 'night', 'dawn', 'dusk'], since: SHOOT_DAY }),
    location_id: text({ nullable: true, since: SHOOT_DAY }),
    /** the scene's length in eighths of a page */
    eighths: integer({ nullable: true, since: SHOOT_DAY }),
    /** JSON array of the performers' user ids */
    cast_ids: text({ nullable: true, since: SHOOT_DAY }),
  },
  unique: [['production_id', 'number']],
});

export const shootDays = table({
  name: 'shoot_days',
  since: '0003_schedule',
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    /** the calendar day in the production's time zone, YYYY-MM-DD */
    date: text(),
    location: text({ nullable: true }),
    created_at: text(),
    /** the general call and the shooting call, HH:MM in the production's zone */
    general_call: text({ nullable: true, since: SHOOT_DAY }),
    shooting_call: text({ nullable: true, since: SHOOT_DAY }),
    notes: text({ nullable: true, since: SHOOT_DAY }),
    /** JSON array of the day's location ids, in the order the unit moves */
    location_ids: text({ nullable: true, since: SHOOT_DAY }),
    /** when the armorer wrapped the day (F9): every firearm stored, every round accounted for */
    wrapped_at: text({ nullable: true, since: SHOOT_DAY }),
  },
  unique: [['production_id', 'date']],
});

export const shootDayScenes = table({
  name: 'shoot_day_scenes',
  since: '0003_schedule',
  columns: {
    shoot_day_id: text({ references: 'shoot_days.id' }),
    scene_id: text({ references: 'scenes.id' }),
    production_id: text({ references: 'productions.id' }),
    position: integer(),
  },
  primaryKey: ['shoot_day_id', 'scene_id'],
});

export const locations = table({
  name: 'locations',
  since: SHOOT_DAY,
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    name: text(),
    address: text({ nullable: true }),
    latitude: real(),
    longitude: real(),
    elevation_m: real({ nullable: true }),
    /** IANA zone of the location: calls and the light are read in it */
    timezone: text(),
    /** JSON {name, address, phone?, driveMinutes?}: the nearest hospital */
    hospital: text({ nullable: true }),
    parking: text({ nullable: true }),
    notes: text({ nullable: true }),
    created_at: text(),
  },
  indexes: [{ name: 'locations_production', columns: ['production_id'] }],
});

/** S5: a scene's risk assessment; a change of the scene's hazards, location or method makes it stale. */
export const riskAssessments = table({
  name: 'risk_assessments',
  since: SHOOT_DAY,
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    scene_id: text({ references: 'scenes.id' }),
    /** JSON: the hazards assessed, and [{hazard, control}] */
    hazards: text(),
    controls: text(),
    notes: text({ nullable: true }),
    assessed_by: text({ references: 'users.id' }),
    assessed_at: text(),
    /** JSON {hazards, locationId, aimedAtPerson}: the scene as assessed */
    scene_as_assessed: text(),
    status: text({ values: ['current', 'stale', 'replaced'] }),
    stale_because: text({ nullable: true }),
    ledger_index: integer(),
  },
  indexes: [{ name: 'risk_assessments_scene', columns: ['production_id', 'scene_id'] }],
});

/** S3: when each person was called and wrapped on a shoot day. */
export const timeRecords = table({
  name: 'time_records',
  since: SHOOT_DAY,
  columns: {
    shoot_day_id: text({ references: 'shoot_days.id' }),
    production_id: text({ references: 'productions.id' }),
    user_id: text({ references: 'users.id' }),
    call: text(),
    wrap: text(),
    recorded_by: text({ references: 'users.id' }),
    recorded_at: text(),
  },
  primaryKey: ['shoot_day_id', 'user_id'],
  indexes: [{ name: 'time_records_person', columns: ['production_id', 'user_id', 'call'] }],
});

/**
 * A production's agreements that only the safety advisor and the producer
 * change, together (the S3 rest agreement): the one in force and the one proposed.
 */
export const settings = table({
  name: 'settings',
  since: SHOOT_DAY,
  columns: {
    production_id: text({ references: 'productions.id' }),
    name: text({ values: ['rest_agreement'] }),
    /** JSON, the setting in force */
    value: text(),
    /** JSON, waiting for the other of the two; null when none */
    proposed: text({ nullable: true }),
    proposed_by: text({ nullable: true }),
    /** JSON string[]: the proposer's roles */
    proposer_roles: text({ nullable: true }),
    updated_at: text(),
  },
  primaryKey: ['production_id', 'name'],
});
