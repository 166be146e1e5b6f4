import type { Insertable, Selectable } from 'kysely';
import type { TableRow } from './tables/define.js';
import type { tables } from './tables/index.js';

type Tables = (typeof tables)[number];

/**
 * The one schema type both dialects share, derived from the table declarations
 * in tables/. Times are ISO 8601 UTC strings and ids are opaque text on both
 * SQLite and PostgreSQL, so rows look the same whichever engine holds them.
 * Every production-owned table carries production_id, the tenant key.
 */
export type Database = { [T in Tables as T['name']]: TableRow<T> };

export type UsersTable = Database['users'];
export type SessionsTable = Database['sessions'];
export type ProductionsTable = Database['productions'];
export type MembersTable = Database['members'];
export type MemberRolesTable = Database['member_roles'];
export type InvitationsTable = Database['invitations'];
export type TrainingsTable = Database['trainings'];
export type AuthFailuresTable = Database['auth_failures'];
export type IdempotencyKeysTable = Database['idempotency_keys'];
export type LedgerEntriesTable = Database['ledger_entries'];
export type LedgerNodesTable = Database['ledger_nodes'];
export type LedgerHeadsTable = Database['ledger_heads'];
export type LedgerCheckpointsTable = Database['ledger_checkpoints'];
export type ScenesTable = Database['scenes'];
export type ShootDaysTable = Database['shoot_days'];
export type ShootDayScenesTable = Database['shoot_day_scenes'];
export type EventHeadsTable = Database['event_heads'];
export type LiveEventsTable = Database['live_events'];
export type DevicePresenceTable = Database['device_presence'];
export type StopsTable = Database['stops'];
export type StopAcksTable = Database['stop_acks'];
export type DutiesTable = Database['duties'];
export type SafetyMeetingsTable = Database['safety_meetings'];
export type ConsultationsTable = Database['consultations'];
export type FirearmsTable = Database['firearms'];
export type FirearmEventsTable = Database['firearm_events'];
export type AmmunitionLotsTable = Database['ammunition_lots'];
export type RoundMovementsTable = Database['round_movements'];
export type IncidentsTable = Database['incidents'];
export type AlertsTable = Database['alerts'];
export type ArmorerRequestsTable = Database['armorer_requests'];
export type EscalationLaddersTable = Database['escalation_ladders'];
export type ConcernsTable = Database['concerns'];
export type ConcernImplicatedTable = Database['concern_implicated'];
export type ConcernMessagesTable = Database['concern_messages'];
export type EmailsTable = Database['emails'];

export type UserRow = Selectable<UsersTable>;
export type ProductionRow = Selectable<ProductionsTable>;
export type MemberRow = Selectable<MembersTable>;
export type NewUser = Insertable<UsersTable>;
