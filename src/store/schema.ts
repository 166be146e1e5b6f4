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
  duties: DutiesTable;
  safety_meetings: SafetyMeetingsTable;
  consultations: ConsultationsTable;
  firearms: FirearmsTable;
  firearm_events: FirearmEventsTable;
  ammunition_lots: AmmunitionLotsTable;
  round_movements: RoundMovementsTable;
  incidents: IncidentsTable;
  alerts: AlertsTable;
  armorer_requests: ArmorerRequestsTable;
  escalation_ladders: EscalationLaddersTable;
  concerns: ConcernsTable;
  concern_implicated: ConcernImplicatedTable;
  concern_messages: ConcernMessagesTable;
  emails: EmailsTable;
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

export interface DutiesTable {
  shoot_day_id: string;
  production_id: string;
  user_id: string;
  /** a role name, or `props` */
  duty: string;
}

export interface SafetyMeetingsTable {
  id: string;
  production_id: string;
  shoot_day_id: string;
  /** JSON array */
  scene_ids: string;
  held_at: string;
  /** JSON array */
  attendee_ids: string;
  walkthrough: number;
  abort_plan: string;
  emergency_plan: string;
  recorded_by: string;
  created_at: string;
}

export interface ConsultationsTable {
  id: string;
  production_id: string;
  scene_id: string;
  plan: string;
  armorer_id: string;
  advisor_id: string;
  created_at: string;
}

export interface FirearmsTable {
  id: string;
  production_id: string;
  serial: string;
  make: string;
  model: string;
  kind: string;
  state: 'stored' | 'with_armorer' | 'with_performer';
  holder_id: string | null;
  /** the shoot day it was checked out for */
  shoot_day_id: string | null;
  /** the scene it was handed off for */
  scene_id: string | null;
  /** JSON Inspection, the only source of hot/cold (F8) */
  latest_inspection: string | null;
  /** JSON RoundCount[]: rounds in the firearm now */
  loaded: string;
  last_custody_change_at: string;
  /** bumped on every change; two devices acting at once cannot both win */
  version: number;
  created_at: string;
}

export interface FirearmEventsTable {
  id: string;
  production_id: string;
  firearm_id: string;
  type: string;
  actor_id: string;
  data: string;
  at: string;
  ledger_index: number;
}

export interface AmmunitionLotsTable {
  id: string;
  production_id: string;
  lot: string;
  kind: 'blank' | 'dummy';
  caliber: string;
  quantity: number;
  load: string | null;
  /** JSON {method, byUserId} for dummy lots (F4) */
  verification: string | null;
  created_at: string;
}

export interface RoundMovementsTable {
  production_id: string;
  lot_id: string;
  firearm_id: string;
  shoot_day_id: string | null;
  kind: 'issued' | 'fired' | 'returned';
  count: number;
  at: string;
}

export interface IncidentsTable {
  id: string;
  production_id: string;
  kind: 'unintended_discharge' | 'misfire' | 'live_round';
  firearm_id: string | null;
  opened_at: string;
  opened_entry: number;
  corrective_action: string | null;
  corrected_by: string | null;
  corrected_at: string | null;
  /** set when a corrective action and a new safety meeting are both recorded (F11) */
  closed_at: string | null;
}

export interface AlertsTable {
  production_id: string;
  /** what the alert is about, once: e.g. `F9:<firearm>:<custody change>`; the claim that keeps instances from alerting twice */
  key: string;
  rule: string;
  message: string;
  created_at: string;
}

export interface ArmorerRequestsTable {
  id: string;
  production_id: string;
  /** `training` or `time` (F12) */
  kind: string;
  description: string;
  requested_by: string;
  requested_at: string;
  status: 'open' | 'granted' | 'denied';
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
}

/** S2: a production's escalation ladder; absent means the SAFETY_RULES.md defaults. */
export interface EscalationLaddersTable {
  production_id: string;
  /** JSON LadderLevel[] in force */
  levels: string;
  /** JSON LadderLevel[] one of the two roles proposed, waiting for the other; null when none */
  proposed: string | null;
  proposed_by: string | null;
  proposed_role: string | null;
  updated_at: string;
}

/**
 * S2: a safety concern. An anonymous one stores nobody: reporter_id is null
 * and nothing about the device, address or session is kept.
 */
export interface ConcernsTable {
  id: string;
  production_id: string;
  category: string;
  severity: string;
  description: string;
  scene_id: string | null;
  location: string | null;
  /** null when anonymous */
  reporter_id: string | null;
  /** member, public (the set's code) or automatic (F11) */
  source: string;
  status: 'open' | 'acknowledged' | 'resolved';
  level: number;
  level_since: string;
  /** when the current level must acknowledge; null once acknowledged or at the top */
  ack_deadline: string | null;
  /** JSON LadderLevel[] as it was when reported: the deadlines it was given */
  ladder: string;
  /** random salt of the ledger's commitment to the words and the people */
  salt: string;
  created_at: string;
  created_entry: number;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution: string | null;
  /** the anonymous reporter's follow-up key and the SHA-256 of their passphrase */
  follow_up_key: string | null;
  follow_up_hash: string | null;
}

export interface ConcernImplicatedTable {
  concern_id: string;
  production_id: string;
  user_id: string;
}

export interface ConcernMessagesTable {
  id: string;
  concern_id: string;
  production_id: string;
  /** reporter or handler */
  author_kind: string;
  /** null for an anonymous reporter */
  author_id: string | null;
  text: string;
  at: string;
  ledger_index: number;
}

/**
 * Email waiting to go, gone, or written to the outbox folder. Rows are created
 * in the escalation's own transaction and claimed before sending, so two
 * instances never send the same one.
 */
export interface EmailsTable {
  id: string;
  production_id: string;
  concern_id: string | null;
  /** JSON string[] */
  recipients: string;
  subject: string;
  body: string;
  /** pending, sent, outbox (no SMTP configured: written to the data dir) or failed (will retry) */
  status: string;
  attempts: number;
  next_attempt_at: string;
  claimed_until: string | null;
  sent_at: string | null;
  error: string | null;
  created_at: string;
}
