import { integer, table, text } from './define.js';

const CALL_SHEETS = '0012_call_sheets';

/**
 * A call sheet version of a shoot day (S4). A draft is edited; publishing
 * freezes its sections and their content hash, and the service never changes
 * a published row again.
 */
export const callSheets = table({
  name: 'call_sheets',
  since: CALL_SHEETS,
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    shoot_day_id: text({ references: 'shoot_days.id' }),
    /** 1, 2, ... per shoot day: the original and its revisions */
    version: integer(),
    status: text({ values: ['draft', 'published'] }),
    notes: text({ nullable: true }),
    /** JSON [{channel, use}] */
    walkie_channels: text(),
    medic_id: text({ nullable: true, references: 'users.id' }),
    created_by: text({ references: 'users.id' }),
    created_at: text(),
    published_by: text({ nullable: true, references: 'users.id' }),
    published_at: text({ nullable: true }),
    /** JSON: the sections as published, exactly the text whose SHA-256 is content_hash */
    sections: text({ nullable: true }),
    /** SHA-256 hex of the RFC 8785 JSON of the sections */
    content_hash: text({ nullable: true }),
    /** the address links and the stop page's QR code were made with */
    public_url: text({ nullable: true }),
    /** the `callSheet.published` entry */
    ledger_index: integer({ nullable: true }),
  },
  unique: [['shoot_day_id', 'version']],
  indexes: [{ name: 'call_sheets_production', columns: ['production_id', 'shoot_day_id'] }],
});

/**
 * A published version's recipient and their personal link. The token is kept
 * as its SHA-256 (to find the row) and sealed with a key the database does not
 * hold (so the 1st AD can be shown the link again): a copy of the database
 * alone opens no sheet and acknowledges nothing in anyone's name.
 */
export const callSheetRecipients = table({
  name: 'call_sheet_recipients',
  since: CALL_SHEETS,
  columns: {
    call_sheet_id: text({ references: 'call_sheets.id' }),
    production_id: text({ references: 'productions.id' }),
    user_id: text({ references: 'users.id' }),
    /** SHA-256 hex of the token */
    token_hash: text({ unique: true }),
    /** the token, sealed (AES-256-GCM) */
    token_sealed: text(),
    /** the person's call on the sheet, an instant; null when the day has no general call */
    call: text({ nullable: true }),
    /** the latest email that carried the link */
    email_id: text({ nullable: true, references: 'emails.id' }),
    opened_at: text({ nullable: true }),
    confirmed_at: text({ nullable: true }),
    safety_ack_at: text({ nullable: true }),
    /** the entry of the confirmation, and of the safety acknowledgement */
    confirm_index: integer({ nullable: true }),
    ack_index: integer({ nullable: true }),
    /** set when the next version is published: the link then answers 410 */
    revoked_at: text({ nullable: true }),
  },
  primaryKey: ['call_sheet_id', 'user_id'],
  indexes: [{ name: 'call_sheet_recipients_person', columns: ['production_id', 'user_id'] }],
});
