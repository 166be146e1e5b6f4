import { integer, table, text } from './define.js';

/** S2: a production's escalation ladder; absent means the SAFETY_RULES.md defaults. */
export const escalationLadders = table({
  name: 'escalation_ladders',
  since: '0008_concerns',
  columns: {
    production_id: text({ primaryKey: true, references: 'productions.id' }),
    /** JSON LadderLevel[] in force */
    levels: text(),
    /** JSON LadderLevel[] one of the two roles proposed, waiting for the other; null when none */
    proposed: text({ nullable: true }),
    proposed_by: text({ nullable: true, references: 'users.id' }),
    proposed_role: text({ nullable: true }),
    updated_at: text(),
  },
});

/**
 * S2: a safety concern. An anonymous one stores nobody: reporter_id is null
 * and nothing about the device, address or session is kept.
 */
export const concerns = table({
  name: 'concerns',
  since: '0008_concerns',
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    category: text(),
    severity: text(),
    description: text(),
    scene_id: text({ nullable: true, references: 'scenes.id' }),
    location: text({ nullable: true }),
    /** null when anonymous */
    reporter_id: text({ nullable: true, references: 'users.id' }),
    /** member, public (the set's code) or automatic (F11) */
    source: text(),
    status: text({ values: ['open', 'acknowledged', 'resolved'] }),
    level: integer(),
    level_since: text(),
    /** when the current level must acknowledge; null once acknowledged or at the top */
    ack_deadline: text({ nullable: true }),
    /** JSON LadderLevel[] as it was when reported: the deadlines it was given */
    ladder: text(),
    /** random salt of the ledger's commitment to the words and the people */
    salt: text(),
    created_at: text(),
    /** when it was written, if before the server heard of it (a queued report); null means at created_at */
    reported_at: text({ nullable: true, since: '0014_written_times' }),
    created_entry: integer(),
    acknowledged_by: text({ nullable: true, references: 'users.id' }),
    acknowledged_at: text({ nullable: true }),
    resolved_by: text({ nullable: true, references: 'users.id' }),
    resolved_at: text({ nullable: true }),
    resolution: text({ nullable: true }),
    /** the anonymous reporter's follow-up key and the SHA-256 of their passphrase */
    follow_up_key: text({ nullable: true, unique: true }),
    follow_up_hash: text({ nullable: true }),
  },
  indexes: [
    { name: 'concerns_due', columns: ['ack_deadline'], where: "status = 'open' AND ack_deadline IS NOT NULL" },
    { name: 'concerns_production', columns: ['production_id', 'created_at'] },
  ],
});

export const concernImplicated = table({
  name: 'concern_implicated',
  since: '0008_concerns',
  columns: {
    concern_id: text({ references: 'concerns.id' }),
    production_id: text({ references: 'productions.id' }),
    user_id: text({ references: 'users.id' }),
  },
  primaryKey: ['concern_id', 'user_id'],
});

export const concernMessages = table({
  name: 'concern_messages',
  since: '0008_concerns',
  columns: {
    id: text({ primaryKey: true }),
    concern_id: text({ references: 'concerns.id' }),
    production_id: text({ references: 'productions.id' }),
    /** reporter or handler */
    author_kind: text(),
    /** null for an anonymous reporter */
    author_id: text({ nullable: true, references: 'users.id' }),
    text: text(),
    at: text(),
    ledger_index: integer(),
  },
  indexes: [{ name: 'concern_messages_concern', columns: ['concern_id', 'at'] }],
});

/**
 * Email waiting to go, gone, or written to the outbox folder. Rows are created
 * in the escalation's own transaction and claimed before sending, so two
 * instances never send the same one.
 */
export const emails = table({
  name: 'emails',
  since: '0008_concerns',
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    concern_id: text({ nullable: true, references: 'concerns.id' }),
    /** JSON string[] */
    recipients: text(),
    subject: text(),
    body: text(),
    /** pending, sent, outbox (no SMTP configured: written to the data dir) or failed (will retry) */
    status: text(),
    attempts: integer(),
    next_attempt_at: text(),
    claimed_until: text({ nullable: true }),
    sent_at: text({ nullable: true }),
    error: text({ nullable: true }),
    created_at: text(),
  },
  indexes: [
    { name: 'emails_due', columns: ['next_attempt_at'], where: "status IN ('pending', 'failed')" },
    { name: 'emails_concern', columns: ['concern_id'] },
  ],
});
