import { integer, table, text } from './define.js';

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
