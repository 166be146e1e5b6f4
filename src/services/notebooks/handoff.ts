import crypto from 'node:crypto';
import { goneBecause, handoffAllowed, secondPerson, type HandoffFacts, type HEAD_GONE } from '../../domain/notebooks/access.js';
import { notebookContent, type AttachmentContent } from '../../domain/notebooks/entries.js';
import { canonicalize } from '../../ledger/canonical.js';
import type { Repos } from '../../store/index.js';
import type { HandoffRow, NotebookRow } from '../../store/notebooks.js';
import type { Command } from '../command.js';
import type { PinConfirmation } from '../pins.js';
import { notFound } from '../problem.js';
import { newId } from '../secrets.js';
import { contentOf } from './entries.js';
import { standingIn } from './notebooks.js';

/**
 * Everything the notebook holds now, as it is sealed: every entry with every
 * version, and every attachment by the hash of its bytes; with its SHA-256
 * over the canonical JSON (RFC 8785), the hash a handoff records.
 */
export async function sealNotebook(repos: Repos, row: NotebookRow) {
  const versions = (await repos.notebooks.notebookVersions(row.id)).map(contentOf);
  const attachments: AttachmentContent[] = (await repos.notebooks.notebookAttachments(row.id)).map((a) => ({
    id: a.id,
    entryId: a.entry_id,
    sha256: a.sha256,
    contentType: a.content_type,
    bytes: a.bytes,
    addedBy: a.added_by,
    addedAt: a.added_at,
  }));
  const content = notebookContent({ id: row.id, department: row.department }, versions, attachments);
  const contentHash = crypto.createHash('sha256').update(canonicalize(content)).digest('hex');
  return { content, contentHash, counts: { entries: content.entries.length, versions: versions.length, attachments: attachments.length } };
}

export interface HandoffInput {
  notebookId: string;
  toUserId: string;
  note?: string | null | undefined;
  reason?: (typeof HEAD_GONE)[number] | undefined;
  confirmations?: PinConfirmation[] | undefined;
}

interface Facts {
  row: NotebookRow;
  rule: HandoffFacts;
}

export function presentHandoff(row: HandoffRow) {
  return {
    id: row.id,
    notebookId: row.notebook_id,
    fromUserId: row.from_id,
    toUserId: row.to_id,
    byUserId: row.by_id,
    secondedBy: row.seconded_by,
    reason: row.reason,
    at: row.at,
    contentHash: row.content_hash,
    entries: row.entries,
    versions: row.versions,
    attachments: row.attachments,
  };
}

/**
 * The head hands the notebook to a successor; when the head is gone, the
 * producer does, with a second person's PIN. The successor heads it with
 * every entry and version; the former head's access ends. The ledger entry
 * carries ids, the time and the content hash, never a word of the notebook.
 */
export const handOffNotebook: Command<HandoffInput, Facts, object> = {
  name: 'notebook.handOff',
  async facts(tx, act) {
    const { input, caller } = act;
    const found = await standingIn(tx.repos, act.productionId, input.notebookId, caller.user.id);
    // The producer may hand on a notebook they cannot read; to anyone else who cannot, it does not exist.
    if (!found || (found.standing === 'none' && !caller.roles.includes('producer'))) throw notFound('Notebook not found');
    await tx.repos.notebooks.lockNotebook(found.row.id);
    const people = await tx.repos.members.whichAre(act.productionId, [input.toUserId, found.row.head_id]);
    if (!people.has(input.toUserId)) throw notFound('Member not found');
    return {
      row: found.row,
      rule: {
        caller: { userId: caller.user.id, roles: caller.roles },
        headId: found.row.head_id,
        toUserId: input.toUserId,
        headRemoved: !people.has(found.row.head_id),
        reason: input.reason,
        confirmers: (input.confirmations ?? []).map((c) => c.userId),
      },
    };
  },
  decide: (f) => handoffAllowed(f.rule),
  confirmations: (input) => input.confirmations ?? [],
  refusalData: (act) => ({ notebookId: act.input.notebookId, toUserId: act.input.toUserId }),
  async apply(tx, f, act) {
    const { productionId, caller, input } = act;
    const sealed = await sealNotebook(tx.repos, f.row);
    const at = tx.now.toISOString();
    const id = newId();
    const reason = goneBecause(f.rule);
    const secondedBy = secondPerson(f.rule);
    const receipt = await tx.ledger.append(productionId, {
      type: 'notebook.handedOff',
      actor: { userId: caller.user.id },
      data: {
        notebookId: f.row.id,
        department: f.row.department,
        handoffId: id,
        fromUserId: f.row.head_id,
        toUserId: input.toUserId,
        contentHash: sealed.contentHash,
        ...sealed.counts,
        reason,
        secondedBy,
      },
    });
    const row: HandoffRow = {
      id,
      production_id: productionId,
      notebook_id: f.row.id,
      from_id: f.row.head_id,
      to_id: input.toUserId,
      by_id: caller.user.id,
      seconded_by: secondedBy,
      reason,
      note: input.note ?? null,
      at,
      content_hash: sealed.contentHash,
      ...sealed.counts,
      ledger_index: receipt.index,
    };
    await tx.repos.notebooks.insertHandoff(row);
    await tx.repos.notebooks.setHead(f.row.id, input.toUserId);
    // The successor is head, not a guest; the former head is let back in only if the successor says so.
    await tx.repos.notebooks.removeMember(f.row.id, input.toUserId);
    await tx.repos.notebooks.removeMember(f.row.id, f.row.head_id);
    return { handoff: presentHandoff(row), receipt };
  },
};
