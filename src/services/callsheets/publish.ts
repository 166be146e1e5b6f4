import { callOf, composeSections, peopleOfDay, type Sections, type SheetFacts } from '../../domain/callsheets/sheet.js';
import { canonicalize } from '../../ledger/canonical.js';
import type { NoteSigner } from '../../ledger/note.js';
import type { CallSheetRow, RecipientRow } from '../../store/callsheets.js';
import type { MemberRecord } from '../../store/productions.js';
import type { Command } from '../command.js';
import { conflict, notFound } from '../problem.js';
import { sha256Hex } from '../secrets.js';
import { callSheetOf, presentSummary } from './drafts.js';
import { sheetFacts } from './facts.js';
import { emailLink, issueToken } from './recipients.js';

export interface PublishInput {
  callSheetId: string;
  /** who gets a link; the day's roster and times when left out */
  recipientIds?: string[] | undefined;
  /** the address links and the stop page's QR code are made with */
  publicUrl: string;
}

interface PublishFacts {
  sheet: CallSheetRow;
  facts: SheetFacts;
  recipients: MemberRecord[];
}

/**
 * The sections as they are kept and hashed: RFC 8785 JSON, the same
 * canonical form the ledger hashes, so anyone can recompute the content hash
 * the ledger entry and the paper name.
 */
export function canonicalSections(sections: Sections): { text: string; contentHash: string } {
  const text = canonicalize(JSON.parse(JSON.stringify(sections)));
  return { text, contentHash: sha256Hex(text) };
}

/**
 * S4: publishing freezes a draft. Its sections, the ledger checkpoint current
 * at that moment and their content hash are written once and never changed;
 * the day's earlier versions lose their links; each recipient gets a
 * personal link by email. The ledger entry names the version and its hash.
 */
export function publishing(signer: NoteSigner): Command<PublishInput, PublishFacts, object> {
  return {
    name: 'callSheet.publish',
    async facts(tx, act) {
      const { productionId, input } = act;
      const sheet = await callSheetOf(tx.repos, productionId, input.callSheetId);
      if (sheet.status !== 'draft') throw conflict(`Version ${sheet.version} is already published and never changes. Start a new version to revise it.`);
      const facts = await sheetFacts(tx.repos, signer, sheet, input.publicUrl);
      const members = new Map((await tx.repos.members.list(productionId)).map((m) => [m.userId, m]));
      const ids = input.recipientIds ?? peopleOfDay(facts).filter((userId) => members.has(userId));
      if (ids.some((userId) => !members.has(userId))) throw notFound('Member not found');
      return { sheet, facts, recipients: ids.map((userId) => members.get(userId)!) };
    },
    refusalData: (act) => ({ callSheetId: act.input.callSheetId }),
    async apply(tx, f, act) {
      const { productionId, caller, input } = act;
      const at = tx.now.toISOString();
      const sections = composeSections(f.facts);
      const { text, contentHash } = canonicalSections(sections);
      const receipt = await tx.ledger.append(productionId, {
        type: 'callSheet.published',
        actor: { userId: caller.user.id },
        data: {
          callSheetId: f.sheet.id,
          shootDayId: f.sheet.shoot_day_id,
          date: sections.day.date,
          version: f.sheet.version,
          colour: sections.revision.colour,
          contentHash,
          checkpoint: { treeSize: sections.safety.ledger.treeSize, rootHash: sections.safety.ledger.rootHash },
          recipients: f.recipients.map((r) => r.userId),
        },
      });
      const frozen = { published_by: caller.user.id, published_at: at, sections: text, content_hash: contentHash, public_url: input.publicUrl, ledger_index: receipt.index };
      if (!(await tx.repos.callSheets.publish(productionId, f.sheet.id, frozen))) throw conflict(`Version ${f.sheet.version} was published meanwhile.`);
      await tx.repos.callSheets.revokeEarlier(productionId, f.sheet.shoot_day_id, f.sheet.version, at);
      const rows: RecipientRow[] = [];
      const locales = await tx.repos.users.locales(f.recipients.map((r) => r.userId));
      for (const person of f.recipients) {
        const { token, hash, sealed } = issueToken(signer);
        const { call } = callOf(f.facts, person.userId);
        const reader = { email: person.email, call, locale: locales.get(person.userId) ?? null };
        const emailId = await emailLink(tx, signer, { productionId, sections, publicUrl: input.publicUrl }, reader, token, false);
        rows.push({
          call_sheet_id: f.sheet.id,
          production_id: productionId,
          user_id: person.userId,
          token_hash: hash,
          token_sealed: sealed,
          call,
          email_id: emailId,
          opened_at: null,
          confirmed_at: null,
          safety_ack_at: null,
          confirm_index: null,
          ack_index: null,
          revoked_at: null,
        });
      }
      await tx.repos.callSheets.insertRecipients(rows);
      await tx.publish(productionId, 'callSheet.published', { callSheetId: f.sheet.id, shootDayId: f.sheet.shoot_day_id, date: sections.day.date, version: f.sheet.version });
      tx.push({
        type: 'callSheet.published',
        productionId,
        callSheetId: f.sheet.id,
        shootDayId: f.sheet.shoot_day_id,
        date: sections.day.date,
        version: f.sheet.version,
        userIds: f.recipients.map((r) => r.userId),
      });
      const published = { ...f.sheet, ...frozen, status: 'published' as const };
      return { callSheet: presentSummary(published, f.sheet.version), recipients: rows.length, receipt };
    },
  };
}
