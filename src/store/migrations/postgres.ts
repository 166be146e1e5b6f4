import { sql, type Kysely, type Migration } from 'kysely';

/** PostgreSQL migrations. Names sort in the order they run; never edit a landed one. */
export const postgresMigrations: Record<string, Migration> = {
  '0001_identity': {
    async up(db: Kysely<unknown>) {
      await sql`CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        password_hash TEXT,
        pin_hash TEXT,
        created_at TEXT NOT NULL
      )`.execute(db);
      await sql`CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      )`.execute(db);
      await sql`CREATE INDEX sessions_user ON sessions(user_id)`.execute(db);
      await sql`CREATE TABLE productions (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        timezone TEXT NOT NULL,
        set_code TEXT NOT NULL UNIQUE,
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL
      )`.execute(db);
      await sql`CREATE TABLE members (
        production_id TEXT NOT NULL REFERENCES productions(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        department TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (production_id, user_id)
      )`.execute(db);
      await sql`CREATE INDEX members_user ON members(user_id)`.execute(db);
      await sql`CREATE TABLE member_roles (
        production_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        role TEXT NOT NULL,
        PRIMARY KEY (production_id, user_id, role),
        FOREIGN KEY (production_id, user_id) REFERENCES members(production_id, user_id)
      )`.execute(db);
      await sql`CREATE TABLE invitations (
        id TEXT PRIMARY KEY,
        production_id TEXT NOT NULL REFERENCES productions(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        expires_at TEXT NOT NULL,
        accepted_at TEXT,
        created_at TEXT NOT NULL
      )`.execute(db);
      await sql`CREATE TABLE trainings (
        id TEXT PRIMARY KEY,
        production_id TEXT NOT NULL REFERENCES productions(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        course TEXT NOT NULL,
        completed_on TEXT NOT NULL,
        recorded_by TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL
      )`.execute(db);
      await sql`CREATE INDEX trainings_member ON trainings(production_id, user_id)`.execute(db);
      await sql`CREATE TABLE auth_failures (
        id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        at TEXT NOT NULL
      )`.execute(db);
      await sql`CREATE INDEX auth_failures_subject ON auth_failures(kind, subject, at)`.execute(db);
      await sql`CREATE TABLE idempotency_keys (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (scope, key)
      )`.execute(db);
    },
  },
  '0002_ledger': {
    async up(db: Kysely<unknown>) {
      await sql`CREATE TABLE ledger_entries (
        production_id TEXT NOT NULL REFERENCES productions(id),
        idx INTEGER NOT NULL,
        leaf_hash BYTEA NOT NULL,
        entry TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (production_id, idx)
      )`.execute(db);
      await sql`CREATE TABLE ledger_nodes (
        production_id TEXT NOT NULL,
        level INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        hash BYTEA NOT NULL,
        PRIMARY KEY (production_id, level, idx)
      )`.execute(db);
      await sql`CREATE TABLE ledger_heads (
        production_id TEXT PRIMARY KEY REFERENCES productions(id),
        tree_size INTEGER NOT NULL,
        root_hash BYTEA NOT NULL,
        checkpoint TEXT NOT NULL,
        frontier BYTEA NOT NULL
      )`.execute(db);
      await sql`CREATE TABLE ledger_checkpoints (
        production_id TEXT NOT NULL,
        tree_size INTEGER NOT NULL,
        root_hash BYTEA NOT NULL,
        checkpoint TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (production_id, tree_size)
      )`.execute(db);
      // The log is append-only: the engine itself refuses rewrites.
      await sql`CREATE FUNCTION setbook_ledger_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'ledger is append-only'; END $$ LANGUAGE plpgsql`.execute(db);
      for (const table of ['ledger_entries', 'ledger_nodes', 'ledger_checkpoints']) {
        await sql
          .raw(
            `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
             FOR EACH STATEMENT EXECUTE FUNCTION setbook_ledger_append_only()`,
          )
          .execute(db);
      }
    },
  },
  '0003_schedule': {
    async up(db: Kysely<unknown>) {
      await sql`CREATE TABLE scenes (
        id TEXT PRIMARY KEY,
        production_id TEXT NOT NULL REFERENCES productions(id),
        number TEXT NOT NULL,
        description TEXT NOT NULL,
        hazards TEXT NOT NULL,
        aimed_at_person INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (production_id, number)
      )`.execute(db);
      await sql`CREATE TABLE shoot_days (
        id TEXT PRIMARY KEY,
        production_id TEXT NOT NULL REFERENCES productions(id),
        date TEXT NOT NULL,
        location TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (production_id, date)
      )`.execute(db);
      await sql`CREATE TABLE shoot_day_scenes (
        shoot_day_id TEXT NOT NULL REFERENCES shoot_days(id),
        scene_id TEXT NOT NULL REFERENCES scenes(id),
        production_id TEXT NOT NULL REFERENCES productions(id),
        position INTEGER NOT NULL,
        PRIMARY KEY (shoot_day_id, scene_id)
      )`.execute(db);
    },
  },
  '0004_live_and_stops': {
    async up(db: Kysely<unknown>) {
      await sql`CREATE TABLE event_heads (
        production_id TEXT PRIMARY KEY REFERENCES productions(id),
        seq INTEGER NOT NULL
      )`.execute(db);
      await sql`CREATE TABLE live_events (
        production_id TEXT NOT NULL REFERENCES productions(id),
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        hidden_from TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (production_id, seq)
      )`.execute(db);
      await sql`CREATE TABLE device_presence (
        production_id TEXT NOT NULL REFERENCES productions(id),
        device_id TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id),
        last_seen_at TEXT NOT NULL,
        PRIMARY KEY (production_id, device_id)
      )`.execute(db);
      await sql`CREATE TABLE stops (
        id TEXT PRIMARY KEY,
        production_id TEXT NOT NULL REFERENCES productions(id),
        status TEXT NOT NULL,
        reason TEXT,
        location TEXT,
        raised_by TEXT REFERENCES users(id),
        raised_at TEXT NOT NULL,
        raised_entry INTEGER NOT NULL,
        lifted_at TEXT,
        lifted_by TEXT REFERENCES users(id),
        seconded_by TEXT REFERENCES users(id),
        resolution TEXT
      )`.execute(db);
      await sql`CREATE INDEX stops_active ON stops(production_id, status)`.execute(db);
      await sql`CREATE TABLE stop_acks (
        stop_id TEXT NOT NULL REFERENCES stops(id),
        production_id TEXT NOT NULL REFERENCES productions(id),
        device_id TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id),
        at TEXT NOT NULL,
        PRIMARY KEY (stop_id, device_id)
      )`.execute(db);
    },
  },
  '0005_armory': {
    async up(db: Kysely<unknown>) {
      await sql`CREATE TABLE duties (
        shoot_day_id TEXT NOT NULL REFERENCES shoot_days(id),
        production_id TEXT NOT NULL REFERENCES productions(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        duty TEXT NOT NULL,
        PRIMARY KEY (shoot_day_id, user_id, duty)
      )`.execute(db);
      await sql`CREATE TABLE safety_meetings (
        id TEXT PRIMARY KEY,
        production_id TEXT NOT NULL REFERENCES productions(id),
        shoot_day_id TEXT NOT NULL REFERENCES shoot_days(id),
        scene_ids TEXT NOT NULL,
        held_at TEXT NOT NULL,
        attendee_ids TEXT NOT NULL,
        walkthrough INTEGER NOT NULL,
        abort_plan TEXT NOT NULL,
        emergency_plan TEXT NOT NULL,
        recorded_by TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL
      )`.execute(db);
      await sql`CREATE INDEX safety_meetings_day ON safety_meetings(production_id, shoot_day_id)`.execute(db);
      await sql`CREATE TABLE consultations (
        id TEXT PRIMARY KEY,
        production_id TEXT NOT NULL REFERENCES productions(id),
        scene_id TEXT NOT NULL REFERENCES scenes(id),
        plan TEXT NOT NULL,
        armorer_id TEXT NOT NULL REFERENCES users(id),
        advisor_id TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL
      )`.execute(db);
      await sql`CREATE TABLE firearms (
        id TEXT PRIMARY KEY,
        production_id TEXT NOT NULL REFERENCES productions(id),
        serial TEXT NOT NULL,
        make TEXT NOT NULL,
        model TEXT NOT NULL,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        holder_id TEXT REFERENCES users(id),
        shoot_day_id TEXT REFERENCES shoot_days(id),
        scene_id TEXT REFERENCES scenes(id),
        latest_inspection TEXT,
        loaded TEXT NOT NULL,
        last_custody_change_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (production_id, serial)
      )`.execute(db);
      await sql`CREATE TABLE firearm_events (
        id TEXT PRIMARY KEY,
        production_id TEXT NOT NULL REFERENCES productions(id),
        firearm_id TEXT NOT NULL REFERENCES firearms(id),
        type TEXT NOT NULL,
        actor_id TEXT NOT NULL REFERENCES users(id),
        data TEXT NOT NULL,
        at TEXT NOT NULL,
        ledger_index INTEGER NOT NULL
      )`.execute(db);
      await sql`CREATE INDEX firearm_events_firearm ON firearm_events(firearm_id, at)`.execute(db);
      await sql`CREATE TABLE ammunition_lots (
        id TEXT PRIMARY KEY,
        production_id TEXT NOT NULL REFERENCES productions(id),
        lot TEXT NOT NULL,
        kind TEXT NOT NULL,
        caliber TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        load TEXT,
        verification TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (production_id, lot)
      )`.execute(db);
      await sql`CREATE TABLE round_movements (
        production_id TEXT NOT NULL REFERENCES productions(id),
        lot_id TEXT NOT NULL REFERENCES ammunition_lots(id),
        firearm_id TEXT NOT NULL REFERENCES firearms(id),
        shoot_day_id TEXT REFERENCES shoot_days(id),
        kind TEXT NOT NULL,
        count INTEGER NOT NULL,
        at TEXT NOT NULL
      )`.execute(db);
      await sql`CREATE INDEX round_movements_day ON round_movements(production_id, shoot_day_id)`.execute(db);
      await sql`CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        production_id TEXT NOT NULL REFERENCES productions(id),
        kind TEXT NOT NULL,
        firearm_id TEXT REFERENCES firearms(id),
        opened_at TEXT NOT NULL,
        opened_entry INTEGER NOT NULL,
        corrective_action TEXT,
        corrected_by TEXT REFERENCES users(id),
        corrected_at TEXT,
        closed_at TEXT
      )`.execute(db);
    },
  },
  '0006_alerts': {
    async up(db: Kysely<unknown>) {
      await sql`CREATE TABLE alerts (
        production_id TEXT NOT NULL REFERENCES productions(id),
        key TEXT NOT NULL,
        rule TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (production_id, key)
      )`.execute(db);
    },
  },
  '0007_armorer_requests': {
    async up(db: Kysely<unknown>) {
      await sql`CREATE TABLE armorer_requests (
        id TEXT PRIMARY KEY,
        production_id TEXT NOT NULL REFERENCES productions(id),
        kind TEXT NOT NULL,
        description TEXT NOT NULL,
        requested_by TEXT NOT NULL REFERENCES users(id),
        requested_at TEXT NOT NULL,
        status TEXT NOT NULL,
        decided_by TEXT REFERENCES users(id),
        decided_at TEXT,
        reason TEXT
      )`.execute(db);
    },
  },
  '0008_concerns': {
    async up(db: Kysely<unknown>) {
      await sql`CREATE TABLE escalation_ladders (
        production_id TEXT PRIMARY KEY REFERENCES productions(id),
        levels TEXT NOT NULL,
        proposed TEXT,
        proposed_by TEXT REFERENCES users(id),
        proposed_role TEXT,
        updated_at TEXT NOT NULL
      )`.execute(db);
      await sql`CREATE TABLE concerns (
        id TEXT PRIMARY KEY,
        production_id TEXT NOT NULL REFERENCES productions(id),
        category TEXT NOT NULL,
        severity TEXT NOT NULL,
        description TEXT NOT NULL,
        scene_id TEXT REFERENCES scenes(id),
        location TEXT,
        reporter_id TEXT REFERENCES users(id),
        source TEXT NOT NULL,
        status TEXT NOT NULL,
        level INTEGER NOT NULL,
        level_since TEXT NOT NULL,
        ack_deadline TEXT,
        ladder TEXT NOT NULL,
        salt TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_entry INTEGER NOT NULL,
        acknowledged_by TEXT REFERENCES users(id),
        acknowledged_at TEXT,
        resolved_by TEXT REFERENCES users(id),
        resolved_at TEXT,
        resolution TEXT,
        follow_up_key TEXT UNIQUE,
        follow_up_hash TEXT
      )`.execute(db);
      await sql`CREATE INDEX concerns_due ON concerns(ack_deadline) WHERE status = 'open' AND ack_deadline IS NOT NULL`.execute(db);
      await sql`CREATE INDEX concerns_production ON concerns(production_id, created_at)`.execute(db);
      await sql`CREATE TABLE concern_implicated (
        concern_id TEXT NOT NULL REFERENCES concerns(id),
        production_id TEXT NOT NULL REFERENCES productions(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        PRIMARY KEY (concern_id, user_id)
      )`.execute(db);
      await sql`CREATE TABLE concern_messages (
        id TEXT PRIMARY KEY,
        concern_id TEXT NOT NULL REFERENCES concerns(id),
        production_id TEXT NOT NULL REFERENCES productions(id),
        author_kind TEXT NOT NULL,
        author_id TEXT REFERENCES users(id),
        text TEXT NOT NULL,
        at TEXT NOT NULL,
        ledger_index INTEGER NOT NULL
      )`.execute(db);
      await sql`CREATE INDEX concern_messages_concern ON concern_messages(concern_id, at)`.execute(db);
      await sql`CREATE TABLE emails (
        id TEXT PRIMARY KEY,
        production_id TEXT NOT NULL REFERENCES productions(id),
        concern_id TEXT REFERENCES concerns(id),
        recipients TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at TEXT NOT NULL,
        claimed_until TEXT,
        sent_at TEXT,
        error TEXT,
        created_at TEXT NOT NULL
      )`.execute(db);
      await sql`CREATE INDEX emails_due ON emails(next_attempt_at) WHERE status IN ('pending', 'failed')`.execute(db);
      await sql`CREATE INDEX emails_concern ON emails(concern_id)`.execute(db);
    },
  },
};
