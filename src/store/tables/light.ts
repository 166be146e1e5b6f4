import { integer, real, table, text } from './define.js';

/** A sun position a DP names at a location: the ranges its windows are searched in. */
export const lightTargets = table({
  name: 'light_targets',
  since: '0011_light_targets',
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    location_id: text({ references: 'locations.id' }),
    name: text(),
    /** degrees from true north, clockwise; from > to wraps through north */
    azimuth_from: real(),
    azimuth_to: real(),
    /** apparent altitude, degrees */
    altitude_from: real(),
    altitude_to: real(),
    /** minutes from the crew call to the window; null for the default */
    lead_minutes: integer({ nullable: true }),
    notes: text({ nullable: true }),
    created_by: text({ references: 'users.id' }),
    created_at: text(),
    /** taken off the location: kept on record, no longer shown */
    archived_at: text({ nullable: true }),
    archived_by: text({ nullable: true, references: 'users.id' }),
  },
  indexes: [{ name: 'light_targets_location', columns: ['production_id', 'location_id'] }],
});
