import { integer, table, text } from './define.js';

export const eventHeads = table({
  name: 'event_heads',
  since: '0004_live_and_stops',
  columns: {
    production_id: text({ primaryKey: true, references: 'productions.id' }),
    /** the last live event's sequence number on this production */
    seq: integer(),
  },
});

export const liveEvents = table({
  name: 'live_events',
  since: '0004_live_and_stops',
  columns: {
    production_id: text({ references: 'productions.id' }),
    seq: integer(),
    type: text(),
    /** JSON payload as sent on the stream */
    data: text(),
    /** JSON array of user ids who must never receive this event (S2: implicated people) */
    hidden_from: text({ nullable: true }),
    created_at: text(),
  },
  primaryKey: ['production_id', 'seq'],
});

export const devicePresence = table({
  name: 'device_presence',
  since: '0004_live_and_stops',
  columns: {
    production_id: text({ references: 'productions.id' }),
    device_id: text(),
    user_id: text({ references: 'users.id' }),
    last_seen_at: text(),
  },
  primaryKey: ['production_id', 'device_id'],
});

export const stops = table({
  name: 'stops',
  since: '0004_live_and_stops',
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    status: text({ values: ['active', 'lifted'] }),
    reason: text({ nullable: true }),
    location: text({ nullable: true }),
    /** null when raised anonymously or with the set's public code */
    raised_by: text({ nullable: true, references: 'users.id' }),
    raised_at: text(),
    /** ledger index of the stop.raised entry, which the lift refers to */
    raised_entry: integer(),
    lifted_at: text({ nullable: true }),
    lifted_by: text({ nullable: true, references: 'users.id' }),
    seconded_by: text({ nullable: true, references: 'users.id' }),
    resolution: text({ nullable: true }),
  },
  indexes: [{ name: 'stops_active', columns: ['production_id', 'status'] }],
});

export const stopAcks = table({
  name: 'stop_acks',
  since: '0004_live_and_stops',
  columns: {
    stop_id: text({ references: 'stops.id' }),
    production_id: text({ references: 'productions.id' }),
    device_id: text(),
    user_id: text({ references: 'users.id' }),
    at: text(),
  },
  primaryKey: ['stop_id', 'device_id'],
});
