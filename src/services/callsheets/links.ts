import { localTime } from '../../domain/schedule/calendar.js';
import type { Sections } from '../../domain/callsheets/sheet.js';
import type { Locale } from '../../i18n/locales.js';
import { toBase64 } from '../../ledger/hash.js';
import { inclusionProof, inclusionProofNodes, nodeGetter } from '../../ledger/tree.js';
import type { CallSheetRow, RecipientRecord } from '../../store/callsheets.js';
import type { Repos } from '../../store/index.js';
import type { Act, Command } from '../command.js';
import { reader, writer, type ServiceDeps, type Tx } from '../context.js';
import type { Receipt } from '../ledger.js';
import { readerLocale } from '../notify/outbox.js';
import { notFound, ProblemError } from '../problem.js';
import { sha256Hex } from '../secrets.js';
import { presentSummary } from './drafts.js';
import { paperFor, renderPdf } from './pdf.js';

/** A link of an earlier version: the holder learns only that their own sheet was replaced. */
const replaced = (version: number) =>
  new ProblemError({
    status: 410,
    title: 'Replaced by a newer version',
    detail: `A newer version of this call sheet replaced version ${version}, and this link no longer opens it. The new version was sent to you with a link of its own.`,
  });

interface Held {
  recipient: RecipientRecord;
  sheet: CallSheetRow;
  sections: Sections;
}

/**
 * The recipient and the version a token opens. An unknown token is a 404
 * like any other thing that does not exist, so a guess learns nothing; a
 * revoked one is a 410.
 */
export async function heldBy(repos: Repos, token: string): Promise<Held> {
  const recipient = await repos.callSheets.byToken(sha256Hex(token));
  const sheet = recipient && (await repos.callSheets.byId(recipient.production_id, recipient.call_sheet_id));
  if (!recipient || !sheet?.sections) throw notFound('Call sheet not found');
  if (recipient.revoked_at) throw replaced(sheet.version);
  return { recipient, sheet, sections: JSON.parse(sheet.sections) as Sections };
}

function you(held: Held) {
  const { recipient, sections } = held;
  const person = sections.calls.people.find((p) => p.userId === recipient.user_id);
  return {
    userId: recipient.user_id,
    name: recipient.name,
    call: recipient.call,
    callLocal: recipient.call ? localTime(recipient.call, sections.production.timezone) : null,
    department: person?.department ?? null,
  };
}

/** GET /api/call-sheets/:token: the published version as its recipient sees it; the first look records when they opened it. */
export async function openLink(deps: ServiceDeps, token: string) {
  const held = await heldBy(reader(deps), token);
  const { recipient, sheet, sections } = held;
  const openedAt = recipient.opened_at ?? deps.clock().toISOString();
  if (!recipient.opened_at) await writer(deps).callSheets.markOpened(sheet.id, recipient.user_id, openedAt);
  const latest = await reader(deps).callSheets.latestPublished(sheet.production_id, sheet.shoot_day_id);
  return {
    callSheet: { ...presentSummary(sheet, latest?.version), sections },
    you: { ...you(held), openedAt, confirmedAt: recipient.confirmed_at, safetyAckAt: recipient.safety_ack_at },
  };
}

/** The language a recipient reads: their own choice, else English. */
export async function localeOfRecipient(repos: Repos, recipient: Pick<RecipientRecord, 'user_id'>): Promise<Locale> {
  return readerLocale((await repos.users.locales([recipient.user_id])).get(recipient.user_id));
}

/** The recipient's copy on paper, their call picked out, in their language unless `lang` asks for another. */
export async function linkPdf(deps: ServiceDeps, token: string, paper: 'a4' | 'letter' | undefined, lang: Locale | undefined) {
  const repos = reader(deps);
  const { sheet, sections, recipient } = await heldBy(repos, token);
  const bytes = await renderPdf(sections, {
    locale: lang ?? (await localeOfRecipient(repos, recipient)),
    paper: paper ?? paperFor(sections.production.timezone),
    productionId: sheet.production_id,
    status: 'published',
    contentHash: sheet.content_hash,
    you: { userId: recipient.user_id },
  });
  return { bytes, filename: `call-sheet-${sections.day.date}-v${sheet.version}.pdf` };
}

/** A receipt for an entry recorded earlier: its inclusion in the log as it stands now. */
async function receiptFor(tx: Tx, productionId: string, index: number): Promise<Receipt> {
  const head = (await tx.repos.ledger.head(productionId))!;
  const nodes = await tx.repos.ledger.nodes(productionId, inclusionProofNodes(index, head.treeSize));
  return {
    index,
    checkpoint: head.checkpoint,
    treeSize: head.treeSize,
    rootHash: toBase64(head.rootHash),
    inclusionProof: inclusionProof(index, head.treeSize, nodeGetter(nodes)).map(toBase64),
  };
}

export interface ConfirmInput {
  token: string;
  safetyAck: boolean;
}

/**
 * S4: the recipient confirms they have the sheet and, with `safetyAck`,
 * acknowledges its safety section. The acknowledgement is a ledger entry
 * naming them and the version's content hash. Asked again, it answers the
 * same times and records nothing more.
 */
export const confirmLink: Command<ConfirmInput, Held, object, Act<ConfirmInput>> = {
  name: 'callSheet.confirm',
  facts: (tx, act) => heldBy(tx.repos, act.input.token),
  refusalData: () => ({}),
  refusalActor: (_act, held) => ({ userId: held.recipient.user_id }),
  async apply(tx, held, act) {
    const { recipient, sheet } = held;
    const at = tx.now.toISOString();
    const data = { callSheetId: sheet.id, shootDayId: sheet.shoot_day_id, version: sheet.version, contentHash: sheet.content_hash!, userId: recipient.user_id };
    const actor = { userId: recipient.user_id };
    let confirmedAt = recipient.confirmed_at;
    let safetyAckAt = recipient.safety_ack_at;
    let receipt: Receipt;
    if (act.input.safetyAck && !safetyAckAt) {
      receipt = await tx.ledger.append(act.productionId, { type: 'callSheet.acknowledged', actor, data });
      safetyAckAt = at;
      confirmedAt ??= at;
      await tx.repos.callSheets.markConfirmed(sheet.id, recipient.user_id, { confirmed_at: confirmedAt, safety_ack_at: at, ack_index: receipt.index });
    } else if (!confirmedAt) {
      receipt = await tx.ledger.append(act.productionId, { type: 'callSheet.confirmed', actor, data });
      confirmedAt = at;
      await tx.repos.callSheets.markConfirmed(sheet.id, recipient.user_id, { confirmed_at: at, confirm_index: receipt.index });
    } else {
      receipt = await receiptFor(tx, act.productionId, (recipient.ack_index ?? recipient.confirm_index)!);
    }
    return { confirmedAt, safetyAckAt, receipt };
  },
};

/** Where a token's holder belongs: the confirmation's act names the sheet's production and nobody signed in. */
export async function confirmAct(deps: ServiceDeps, input: ConfirmInput): Promise<Act<ConfirmInput>> {
  const recipient = await reader(deps).callSheets.byToken(sha256Hex(input.token));
  if (!recipient) throw notFound('Call sheet not found');
  return { productionId: recipient.production_id, caller: null, input };
}
