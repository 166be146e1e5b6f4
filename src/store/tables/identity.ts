import { identity, integer, table, text } from './define.js';

export const users = table({
  name: 'users',
  since: '0001_identity',
  columns: {
    id: text({ primaryKey: true }),
    email: text({ unique: true }),
    name: text(),
    /** null until an invited person accepts and chooses a password */
    password_hash: text({ nullable: true }),
    pin_hash: text({ nullable: true }),
    created_at: text(),
    /**
     * 'en', 'es' or 'uk': the language the person's emails and printouts take;
     * null until they choose one. After 0013_notebooks, so a database migrated
     * to it runs this next.
     */
    locale: text({ nullable: true, since: '0014_locale' }),
  },
});

export const sessions = table({
  name: 'sessions',
  since: '0001_identity',
  columns: {
    /** SHA-256 of the bearer token; the token itself is never stored */
    id: text({ primaryKey: true }),
    user_id: text({ references: 'users.id' }),
    created_at: text(),
    expires_at: text(),
  },
  indexes: [{ name: 'sessions_user', columns: ['user_id'] }],
});

export const productions = table({
  name: 'productions',
  since: '0001_identity',
  columns: {
    id: text({ primaryKey: true }),
    name: text(),
    timezone: text(),
    set_code: text({ unique: true }),
    created_by: text({ references: 'users.id' }),
    created_at: text(),
  },
});

export const members = table({
  name: 'members',
  since: '0001_identity',
  columns: {
    production_id: text({ references: 'productions.id' }),
    user_id: text({ references: 'users.id' }),
    department: text({ nullable: true }),
    created_at: text(),
    /** how the production reaches the person on set, and whom to call if they are hurt */
    phone: text({ nullable: true, since: '0010_shoot_day' }),
    emergency_contact: text({ nullable: true, since: '0010_shoot_day' }),
    /** set when the person left the production: they keep their history, not their access */
    removed_at: text({ nullable: true, since: '0010_shoot_day' }),
  },
  primaryKey: ['production_id', 'user_id'],
  indexes: [{ name: 'members_user', columns: ['user_id'] }],
});

export const memberRoles = table({
  name: 'member_roles',
  since: '0001_identity',
  columns: {
    production_id: text(),
    user_id: text(),
    role: text(),
  },
  primaryKey: ['production_id', 'user_id', 'role'],
  foreignKeys: [{ columns: ['production_id', 'user_id'], references: { table: 'members', columns: ['production_id', 'user_id'] } }],
});

export const invitations = table({
  name: 'invitations',
  since: '0001_identity',
  columns: {
    /** SHA-256 of the invitation code */
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    user_id: text({ references: 'users.id' }),
    expires_at: text(),
    accepted_at: text({ nullable: true }),
    created_at: text(),
  },
});

export const trainings = table({
  name: 'trainings',
  since: '0001_identity',
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    user_id: text({ references: 'users.id' }),
    course: text(),
    completed_on: text(),
    recorded_by: text({ references: 'users.id' }),
    created_at: text(),
  },
  indexes: [{ name: 'trainings_member', columns: ['production_id', 'user_id'] }],
});

export const authFailures = table({
  name: 'auth_failures',
  since: '0001_identity',
  columns: {
    id: identity(),
    /** 'login' or 'pin' */
    kind: text(),
    /** a hash of the email for logins, the user id for PINs */
    subject: text(),
    at: text(),
  },
  indexes: [{ name: 'auth_failures_subject', columns: ['kind', 'subject', 'at'] }],
});

export const idempotencyKeys = table({
  name: 'idempotency_keys',
  since: '0001_identity',
  columns: {
    /** the caller: a user id, or 'anonymous' */
    scope: text(),
    key: text(),
    request_hash: text(),
    status: integer(),
    body: text(),
    created_at: text(),
  },
  primaryKey: ['scope', 'key'],
});

/** A change of someone's deciding roles (safety advisor, armorer) waiting for the second of the producer and the safety advisor. */
export const roleProposals = table({
  name: 'role_proposals',
  since: '0009_role_proposals',
  columns: {
    production_id: text(),
    user_id: text(),
    /** JSON string[]: the roles the person would hold */
    roles: text(),
    proposed_by: text({ references: 'users.id' }),
    /** JSON string[]: the proposer's roles then, which say who must confirm */
    proposer_roles: text(),
    created_at: text(),
  },
  primaryKey: ['production_id', 'user_id'],
  foreignKeys: [{ columns: ['production_id', 'user_id'], references: { table: 'members', columns: ['production_id', 'user_id'] } }],
});
