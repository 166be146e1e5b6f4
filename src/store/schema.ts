import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * The one schema type both dialects share. Times are ISO 8601 UTC strings and
 * ids are opaque text on both SQLite and PostgreSQL, so rows look the same
 * whichever engine holds them. Every production-owned table carries
 * production_id, the tenant key.
 */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  productions: ProductionsTable;
  members: MembersTable;
  member_roles: MemberRolesTable;
  invitations: InvitationsTable;
  trainings: TrainingsTable;
  auth_failures: AuthFailuresTable;
  idempotency_keys: IdempotencyKeysTable;
  ledger_entries: LedgerEntriesTable;
  ledger_nodes: LedgerNodesTable;
  ledger_heads: LedgerHeadsTable;
  ledger_checkpoints: LedgerCheckpointsTable;
  scenes: ScenesTable;
  shoot_days: ShootDaysTable;
  shoot_day_scenes: ShootDayScenesTable;
  event_heads: EventHeadsTable;
  live_events: LiveEventsTable;
  device_presence: DevicePresenceTable;
  stops: StopsTable;
  stop_acks: StopAcksTable;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  /** null until an invited person accepts and chooses a password */
  password_hash: string | null;
  pin_hash: string | null;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the bearer token; the token itself is never stored */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ProductionsTable {
  id: string;
  name: string;
  timezone: string;
  set_code: string;
  created_by: string;
  created_at: string;
}

export interface MembersTable {
  production_id: string;
  user_id: string;
  department: string | null;
  created_at: string;
}

export interface MemberRolesTable {
  production_id: string;
  user_id: string;
  role: string;
}

export interface InvitationsTable {
  /** SHA-256 of the invitation code */
  id: string;
  production_id: string;
  user_id: string;
  expires_at: string;
  accepted_at: string | null;
  created_at: string;
}

export interface TrainingsTable {
  id: string;
  production_id: string;
  user_id: string;
  course: string;
  completed_on: string;
  recorded_by: string;
  created_at: string;
}

export interface AuthFailuresTable {
  id: Generated<number>;
  /** 'login' or 'pin' */
  kind: string;
  /** a hash of the email for logins, the user id for PINs */
  subject: string;
  at: string;
}

export interface IdempotencyKeysTable {
  /** the caller: a user id, or 'anonymous' */
  scope: string;
  key: string;
  request_hash: string;
  status: number;
  body: string;
  created_at: string;
}

export interface LedgerEntriesTable {
  production_id: string;
  idx: number;
  leaf_hash: Uint8Array;
  /** the RFC 8785 canonical JSON whose bytes were hashed */
  entry: string;
  created_at: string;
}

export interface LedgerNodesTable {
  production_id: string;
  level: number;
  idx: number;
  hash: Uint8Array;
}

export interface LedgerHeadsTable {
  production_id: string;
  tree_size: number;
  root_hash: Uint8Array;
  checkpoint: string;
  /** the hashes of rootNodes(tree_size), concatenated: all an append needs to read */
  frontier: Uint8Array;
}

export interface LedgerCheckpointsTable {
  production_id: string;
  tree_size: number;
  root_hash: Uint8Array;
  checkpoint: string;
  created_at: string;
}

export type UserRow = Selectable<UsersTable>;
export type ProductionRow = Selectable<ProductionsTable>;
export type MemberRow = Selectable<MembersTable>;
export type NewUser = Insertable<UsersTable>;

export interface ScenesTable {
  id: string;
  production_id: string;
  /** the script's scene number, e.g. "42A" */
  number: string;
  description: string;
  /** JSON array of hazard tags */
  hazards: string;
  /** 1 when a shot aims toward a person or the camera (F10) */
  aimed_at_person: number;
  created_at: string;
}

export interface ShootDaysTable {
  id: string;
  production_id: string;
  /** the calendar day in the production's time zone, YYYY-MM-DD */
  date: string;
  location: string | null;
  created_at: string;
}

export interface ShootDayScenesTable {
  shoot_day_id: string;
  scene_id: string;
  production_id: string;
  position: number;
}

export interface EventHeadsTable {
  production_id: string;
  /** the last live event's sequence number on this production */
  seq: number;
}

export interface LiveEventsTable {
  production_id: string;
  seq: number;
  type: string;
  /** JSON payload as sent on the stream */
  data: string;
  /** JSON array of user ids who must never receive this event (S2: implicated people) */
  hidden_from: string | null;
  created_at: string;
}

export interface DevicePresenceTable {
  production_id: string;
  device_id: string;
  user_id: string;
  last_seen_at: string;
}

export interface StopsTable {
  id: string;
  production_id: string;
  status: 'active' | 'lifted';
  reason: string | null;
  location: string | null;
  /** null when raised anonymously or with the set's public code */
  raised_by: string | null;
  raised_at: string;
  /** ledger index of the stop.raised entry, which the lift refers to */
  raised_entry: number;
  lifted_at: string | null;
  lifted_by: string | null;
  seconded_by: string | null;
  resolution: string | null;
}

export interface StopAcksTable {
  stop_id: string;
  production_id: string;
  device_id: string;
  user_id: string;
  at: string;
}
