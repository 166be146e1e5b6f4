import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.js';

export type CallSheetRow = Selectable<Database['call_sheets']>;
export type RecipientRow = Selectable<Database['call_sheet_recipients']>;

/** A recipient with their name and where their last email stands. */
export type RecipientRecord = RecipientRow & { name: string; email_status: string | null; sent_at: string | null };

/** Call sheet versions and their recipients; and the counts a sheet reads from the concerns. */
export class CallSheetRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: CallSheetRow): Promise<void> {
    await this.db.insertInto('call_sheets').values(row).execute();
  }

  byId(productionId: string, id: string): Promise<CallSheetRow | undefined> {
    return this.db.selectFrom('call_sheets').selectAll().where('production_id', '=', productionId).where('id', '=', id).executeTakeFirst();
  }

  /** A day's versions, newest first. */
  ofDay(productionId: string, shootDayId: string): Promise<CallSheetRow[]> {
    return this.db
      .selectFrom('call_sheets')
      .selectAll()
      .where('production_id', '=', productionId)
      .where('shoot_day_id', '=', shootDayId)
      .orderBy('version', 'desc')
      .execute();
  }

  /** The day's latest published version. */
  latestPublished(productionId: string, shootDayId: string): Promise<CallSheetRow | undefined> {
    return this.db
      .selectFrom('call_sheets')
      .selectAll()
      .where('production_id', '=', productionId)
      .where('shoot_day_id', '=', shootDayId)
      .where('status', '=', 'published')
      .orderBy('version', 'desc')
      .executeTakeFirst();
  }

  /** Changes a draft; false when it is no longer a draft (a published version never changes). */
  async updateDraft(productionId: string, id: string, fields: Pick<CallSheetRow, 'notes' | 'walkie_channels' | 'medic_id'>): Promise<boolean> {
    const result = await this.db
      .updateTable('call_sheets')
      .set(fields)
      .where('production_id', '=', productionId)
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Freezes a draft; false when it was published meanwhile. */
  async publish(
    productionId: string,
    id: string,
    fields: Pick<CallSheetRow, 'published_by' | 'published_at' | 'sections' | 'content_hash' | 'public_url' | 'ledger_index'>,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('call_sheets')
      .set({ ...fields, status: 'published' })
      .where('production_id', '=', productionId)
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertRecipients(rows: readonly RecipientRow[]): Promise<void> {
    // In slices: PostgreSQL takes at most 65,535 parameters in one statement.
    for (let i = 0; i < rows.length; i += 500) await this.db.insertInto('call_sheet_recipients').values(rows.slice(i, i + 500)).execute();
  }

  /** Revokes the links of the day's earlier versions. */
  async revokeEarlier(productionId: string, shootDayId: string, version: number, at: string): Promise<void> {
    const earlier = this.db.selectFrom('call_sheets').select('id').where('production_id', '=', productionId).where('shoot_day_id', '=', shootDayId).where('version', '<', version);
    await this.db
      .updateTable('call_sheet_recipients')
      .set({ revoked_at: at })
      .where('production_id', '=', productionId)
      .where('call_sheet_id', 'in', earlier)
      .where('revoked_at', 'is', null)
      .execute();
  }

  private recipientQuery() {
    return this.db
      .selectFrom('call_sheet_recipients as r')
      .innerJoin('users', 'users.id', 'r.user_id')
      .leftJoin('emails', 'emails.id', 'r.email_id')
      .selectAll('r')
      .select(['users.name', 'emails.status as email_status', 'emails.sent_at']);
  }

  recipients(productionId: string, callSheetId: string, pendingOnly = false): Promise<RecipientRecord[]> {
    let query = this.recipientQuery().where('r.production_id', '=', productionId).where('r.call_sheet_id', '=', callSheetId);
    if (pendingOnly) query = query.where('r.safety_ack_at', 'is', null);
    return query.orderBy('users.name').orderBy('r.user_id').execute();
  }

  recipient(productionId: string, callSheetId: string, userId: string): Promise<RecipientRecord | undefined> {
    return this.recipientQuery().where('r.production_id', '=', productionId).where('r.call_sheet_id', '=', callSheetId).where('r.user_id', '=', userId).executeTakeFirst();
  }

  /** The recipient a link names, by its token's hash. */
  byToken(tokenHash: string): Promise<RecipientRecord | undefined> {
    return this.recipientQuery().where('r.token_hash', '=', tokenHash).executeTakeFirst();
  }

  async setEmail(callSheetId: string, userId: string, emailId: string): Promise<void> {
    await this.db.updateTable('call_sheet_recipients').set({ email_id: emailId }).where('call_sheet_id', '=', callSheetId).where('user_id', '=', userId).execute();
  }

  /** The first opening of a link; later ones change nothing. */
  async markOpened(callSheetId: string, userId: string, at: string): Promise<void> {
    await this.db
      .updateTable('call_sheet_recipients')
      .set({ opened_at: at })
      .where('call_sheet_id', '=', callSheetId)
      .where('user_id', '=', userId)
      .where('opened_at', 'is', null)
      .execute();
  }

  async markConfirmed(callSheetId: string, userId: string, fields: Partial<Pick<RecipientRow, 'confirmed_at' | 'confirm_index' | 'safety_ack_at' | 'ack_index'>>): Promise<void> {
    await this.db.updateTable('call_sheet_recipients').set(fields).where('call_sheet_id', '=', callSheetId).where('user_id', '=', userId).execute();
  }

  /** Unresolved concerns by severity (S2: counts only, never a word of them). */
  async openConcernCounts(productionId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('concerns')
      .select(['severity', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('production_id', '=', productionId)
      .where('status', '!=', 'resolved')
      .groupBy('severity')
      .execute();
    return new Map(rows.map((row) => [row.severity, Number(row.n)]));
  }
}
